package io.hibobsync.simulator.docebo.batch;

import io.hibobsync.simulator.docebo.orgchart.Branch;
import io.hibobsync.simulator.docebo.orgchart.OrgChart;
import io.hibobsync.simulator.docebo.users.UserAccount;
import io.hibobsync.simulator.docebo.users.UserChanges;
import io.hibobsync.simulator.docebo.users.UserDirectory;
import io.hibobsync.simulator.docebo.users.UserEditor;
import io.hibobsync.simulator.docebo.web.DoceboApiException;
import io.hibobsync.simulator.docebo.web.RequestFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Applies the rows of {@code POST /manage/v1/user/batch} in order, each on its own: a row that fails
 * changes nothing and does not stop the others. A row's manager must already exist when the row is
 * reached (an earlier row of the same batch counts). A row's {@code branch_code} or {@code branch_code_path}
 * follows {@code branch_option}: {@code existing} fails the row when the branch does not exist,
 * {@code autocreate} creates it (a code under the root, a path level by level).
 */
public class BatchImport {

    private final UserDirectory directory;
    private final OrgChart orgChart;
    private final UserEditor editor;

    BatchImport(UserDirectory directory, OrgChart orgChart, UserEditor editor) {
        this.directory = directory;
        this.orgChart = orgChart;
        this.editor = editor;
    }

    /** Whether any row has a {@code branch_code} or {@code branch_code_path}: then {@code branch_option} is required. */
    static boolean anyRowNamesABranch(JsonNode items) {
        for (JsonNode item : items) {
            if (item != null && item.isObject()
                    && (hasText(item, "branch_code") || hasText(item, "branch_code_path"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasText(JsonNode item, String name) {
        JsonNode value = item.get(name);
        return value != null && !value.isNull() && !(value.isValueNode() && value.asString().isBlank());
    }

    List<BatchRowResult> apply(JsonNode items, BatchOptions options) {
        List<BatchRowResult> results = new ArrayList<>();
        synchronized (directory) {
            int index = 0;
            for (JsonNode item : items) {
                results.add(applyRow(index++, item, options));
            }
        }
        return results;
    }

    private BatchRowResult applyRow(int index, JsonNode item, BatchOptions options) {
        try {
            return applyValidRow(index, item, options);
        } catch (RowFailure | DoceboApiException e) {
            return BatchRowResult.failed(index, failureMessage(e));
        }
    }

    private BatchRowResult applyValidRow(int index, JsonNode item, BatchOptions options) {
        if (item == null || !item.isObject()) {
            throw new RowFailure("The row is not a JSON object");
        }
        String username = RequestFields.text(item, "username");
        UserAccount existing = existingUser(item, username);
        if (existing != null && !options.updateUserInfo()) {
            throw new RowFailure("User '" + existing.username + "' already exists and update_user_info is not set");
        }
        UserChanges changes = BatchItemForm.read(item);
        changes.username = existing == null || RequestFields.has(item, "user_id") ? username : null;
        if (existing != null && !options.changesPasswordOfExistingUsers()) {
            changes.password = null;
        }
        if (RequestFields.has(item, "manager_1")) {
            changes.setDirectManager(managerId(RequestFields.text(item, "manager_1")));
        }
        List<String> problems = new ArrayList<>(changes.invalidValues());
        problems.addAll(editor.conflicts(changes, existing));
        if (!problems.isEmpty()) {
            throw new RowFailure(String.join("; ", problems));
        }
        // Branches last: autocreate must not leave a branch behind for a row that failed.
        destinationBranch(item, existing, options).ifPresent(branch -> {
            changes.branchIds = List.of(branch.id());
            changes.keepOtherBranches = options.keepOtherBranches();
        });
        if (existing == null) {
            return BatchRowResult.done(index, editor.create(changes));
        }
        editor.update(existing, changes);
        return BatchRowResult.done(index, existing);
    }

    private UserAccount existingUser(JsonNode item, String username) {
        Long userId = RequestFields.id(item, "user_id");
        if (userId != null) {
            return directory.byId(userId).orElseThrow(() -> new RowFailure("User with id " + userId + " not found"));
        }
        if (username == null || username.isBlank()) {
            throw new RowFailure("Either username or user_id is required");
        }
        return directory.byUsername(username).orElse(null);
    }

    /** {@code manager_1} names the Direct Manager by username; null or empty removes the manager. */
    private Long managerId(String managerUsername) {
        if (managerUsername == null || managerUsername.isBlank()) {
            return null;
        }
        return directory.byUsername(managerUsername).map(manager -> manager.id)
                .orElseThrow(() -> new RowFailure("Manager '" + managerUsername + "' not found"));
    }

    private Optional<Branch> destinationBranch(JsonNode item, UserAccount existing, BatchOptions options) {
        boolean create = options.createsMissingBranches();
        String path = RequestFields.text(item, "branch_code_path");
        if (path != null && !path.isBlank()) {
            if (path.replace("/", "").isBlank()) {
                throw new RowFailure("Branch path '" + path + "' names no branch below the root");
            }
            return Optional.of(orgChart.resolvePath(path, create)
                    .orElseThrow(() -> new RowFailure(create
                            ? "Branch path '" + path + "' cannot be created: a missing level's code is already used"
                                    + " elsewhere in the org chart (branch codes are unique)"
                            : "Branch path '" + path + "' not found (branch_option is existing)")));
        }
        String code = RequestFields.text(item, "branch_code");
        if (code != null && !code.isBlank()) {
            return Optional.of(orgChart.resolveCode(code.trim(), create)
                    .orElseThrow(() -> new RowFailure("Branch '" + code + "' not found (branch_option is existing)")));
        }
        if (existing == null && options.destinationBranch() != null) {
            return Optional.of(destinationBranch(options.destinationBranch()));
        }
        return Optional.empty();
    }

    private Branch destinationBranch(String idOrCode) {
        Optional<Branch> branch = idOrCode.chars().allMatch(Character::isDigit)
                ? orgChart.byId(Long.parseLong(idOrCode))
                : orgChart.byCode(idOrCode);
        return branch.orElseThrow(() -> new RowFailure("destination_branch '" + idOrCode + "' not found"));
    }

    private static String failureMessage(RuntimeException e) {
        return e instanceof DoceboApiException api ? String.join("; ", api.messages()) : e.getMessage();
    }

    /** Ends one row with a message, the others carry on. */
    private static final class RowFailure extends RuntimeException {
        RowFailure(String message) {
            super(message, null, false, false);
        }
    }
}
