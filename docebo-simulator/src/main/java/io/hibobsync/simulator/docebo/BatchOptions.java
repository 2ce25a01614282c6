package io.hibobsync.simulator.docebo;

import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

/**
 * The {@code options} of {@code POST /manage/v1/user/batch}. Docebo refuses a batch without
 * {@code branch_option} (400, code 1006), so the simulator does too.
 *
 * @param branchesUntouched         {@code branch_option: "do_nothing"}: branch columns are ignored
 * @param destinationBranch         id or code of the branch for new users whose row names none
 * @param keepOtherBranches         {@code user_destination_branch_action: "add"}; the default moves the user
 */
record BatchOptions(
        boolean updateUserInfo,
        boolean changeUserPassword,
        boolean ignorePasswordChangeForExistingUsers,
        boolean branchesUntouched,
        String destinationBranch,
        boolean forceCreateBranches,
        boolean sendNotificationEmail,
        boolean keepOtherBranches) {

    static BatchOptions read(JsonNode options) {
        String branchOption = RequestFields.text(options, "branch_option");
        if (branchOption == null || branchOption.isBlank()) {
            throw new DoceboApiException(HttpStatus.BAD_REQUEST, DoceboApiException.REQUIRED_OPTION_MISSING,
                    List.of("Required option not set: branch_option"), HttpHeaders.EMPTY);
        }
        if (!branchOption.equals("existing") && !branchOption.equals("do_nothing")) {
            throw DoceboApiException.badRequest("Invalid branch_option '" + branchOption + "': expected existing or do_nothing");
        }
        String destinationAction = RequestFields.text(options, "user_destination_branch_action");
        if (destinationAction != null && !destinationAction.equals("add") && !destinationAction.equals("move")) {
            throw DoceboApiException.badRequest("Invalid user_destination_branch_action '" + destinationAction
                    + "': expected add or move");
        }
        String destinationBranch = RequestFields.text(options, "destination_branch");
        return new BatchOptions(
                RequestFields.bool(options, "update_user_info", false),
                RequestFields.bool(options, "change_user_password", false),
                RequestFields.bool(options, "ignore_password_change_for_existing_users", false),
                branchOption.equals("do_nothing"),
                destinationBranch == null || destinationBranch.isBlank() ? null : destinationBranch.trim(),
                RequestFields.bool(options, "force_create_branches", false),
                RequestFields.bool(options, "send_notification_email", false),
                "add".equals(destinationAction));
    }

    /** Passwords of existing users change only when the options say so. */
    boolean changesPasswordOfExistingUsers() {
        return changeUserPassword && !ignorePasswordChangeForExistingUsers;
    }
}
