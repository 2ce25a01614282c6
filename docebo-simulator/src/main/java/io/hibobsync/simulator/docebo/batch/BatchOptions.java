package io.hibobsync.simulator.docebo.batch;

import io.hibobsync.simulator.docebo.DoceboSimProperties;
import io.hibobsync.simulator.docebo.web.DoceboApiException;
import io.hibobsync.simulator.docebo.web.RequestFields;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

/**
 * The {@code options} of {@code POST /manage/v1/user/batch}.
 *
 * @param branchOption              {@code branch_option}: null when not sent
 * @param destinationBranch         id or code of an existing branch for new users whose row names none
 * @param forceCreateBranches       accepted, without effect: branches are created by {@code branch_option: "autocreate"}
 * @param keepOtherBranches         {@code user_destination_branch_action: "add"}; the default moves the user
 */
record BatchOptions(
        boolean updateUserInfo,
        boolean changeUserPassword,
        boolean ignorePasswordChangeForExistingUsers,
        BranchOption branchOption,
        String destinationBranch,
        boolean forceCreateBranches,
        boolean sendNotificationEmail,
        boolean keepOtherBranches) {

    static final String BRANCH_OPTION_MISSING = "Required option not set: branch_option";

    /** What a row's {@code branch_code} / {@code branch_code_path} does when the branch does not exist. */
    enum BranchOption {
        /** the branch must exist, else the row fails */
        EXISTING("existing"),
        /** a missing branch is created: a code under the root, a path level by level */
        AUTOCREATE("autocreate");

        private final String value;

        BranchOption(String value) {
            this.value = value;
        }

        static BranchOption of(String value) {
            for (BranchOption option : values()) {
                if (option.value.equals(value.trim())) {
                    return option;
                }
            }
            throw DoceboApiException.badRequest("Invalid value for option branch_option: '" + value
                    + "'; expected \"existing\" (the branch must exist) or \"autocreate\" (missing branches are created)");
        }
    }

    static BatchOptions read(JsonNode options) {
        if (options != null && !options.isNull() && !options.isObject()) {
            throw DoceboApiException.badRequest("'options' must be an object");
        }
        String branchOption = RequestFields.text(options, "branch_option");
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
                branchOption == null || branchOption.isBlank() ? null : BranchOption.of(branchOption),
                destinationBranch == null || destinationBranch.isBlank() ? null : destinationBranch.trim(),
                RequestFields.bool(options, "force_create_branches", false),
                RequestFields.bool(options, "send_notification_email", false),
                "add".equals(destinationAction));
    }

    /**
     * Docebo's error 1006, which fails the whole call before any row is imported. Whether it is needed only
     * when a row names a branch, or always, is {@code DOCEBO_SIM_BATCH_BRANCH_OPTION_REQUIRED}.
     */
    void requireBranchOption(boolean anyRowNamesABranch, DoceboSimProperties.BranchOptionRequired required) {
        boolean needed = switch (required) {
            case WHEN_BRANCH_NAMED -> anyRowNamesABranch;
            case ALWAYS -> true;
        };
        if (needed && branchOption == null) {
            throw new DoceboApiException(HttpStatus.BAD_REQUEST, DoceboApiException.REQUIRED_OPTION_MISSING,
                    List.of(BRANCH_OPTION_MISSING), HttpHeaders.EMPTY);
        }
    }

    boolean createsMissingBranches() {
        return branchOption == BranchOption.AUTOCREATE;
    }

    /** Passwords of existing users change only when the options say so. */
    boolean changesPasswordOfExistingUsers() {
        return changeUserPassword && !ignorePasswordChangeForExistingUsers;
    }
}
