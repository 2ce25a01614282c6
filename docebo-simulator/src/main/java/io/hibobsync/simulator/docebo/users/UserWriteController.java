package io.hibobsync.simulator.docebo.users;

import io.hibobsync.simulator.docebo.DoceboSimProperties;
import io.hibobsync.simulator.docebo.web.DoceboAnswers;
import io.hibobsync.simulator.docebo.web.DoceboApiException;
import io.hibobsync.simulator.docebo.web.RequestFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Create, update, (de)activate and delete single users. Malformed input is a 400; a request that is
 * well formed but clashes with the platform (taken username, unknown manager) is HTTP 200 with
 * {@code "success": false}, which is how Docebo answers such failures.
 */
@RestController
public class UserWriteController {

    private final UserDirectory directory;
    private final UserEditor editor;
    private final DoceboSimProperties properties;

    UserWriteController(UserDirectory directory, UserEditor editor, DoceboSimProperties properties) {
        this.directory = directory;
        this.editor = editor;
        this.properties = properties;
    }

    @PostMapping("/manage/v1/user")
    Map<String, Object> create(@RequestBody JsonNode body) {
        UserChanges changes = UserRequestForm.read(body);
        if (changes.username == null) {
            throw DoceboApiException.badRequest("Missing required parameter: userid");
        }
        rejectInvalid(changes);
        synchronized (directory) {
            List<String> conflicts = editor.conflicts(changes, null);
            if (!conflicts.isEmpty()) {
                return DoceboAnswers.failure(conflicts);
            }
            UserAccount user = editor.create(changes);
            // Whether Docebo answers the new id is a guess in the spec: a switch lets clients try both.
            return DoceboAnswers.success(properties.createReturnsUserId() ? Map.of("user_id", user.id) : Map.of());
        }
    }

    @PutMapping("/manage/v1/user/{userId:\\d+}")
    Map<String, Object> update(@PathVariable long userId, @RequestBody JsonNode body) {
        UserChanges changes = UserRequestForm.read(body);
        rejectInvalid(changes);
        synchronized (directory) {
            UserAccount user = directory.byId(userId)
                    .orElseThrow(() -> DoceboApiException.notFound("User with id " + userId + " not found"));
            List<String> conflicts = editor.conflicts(changes, user);
            if (!conflicts.isEmpty()) {
                return DoceboAnswers.failure(conflicts);
            }
            editor.update(user, changes);
            return DoceboAnswers.success(Map.of("user_id", user.id));
        }
    }

    /** {@code {"user_ids": ["12931"], "status": 0}}: 0 deactivates, 1 activates; unknown ids fail the answer. */
    @PutMapping("/manage/v1/user/change_status")
    Map<String, Object> changeStatus(@RequestBody JsonNode body) {
        List<Long> userIds = RequestFields.ids(body, "user_ids");
        Long status = RequestFields.id(body, "status");
        if (userIds.isEmpty()) {
            throw DoceboApiException.badRequest("Missing required parameter: user_ids");
        }
        if (status == null || (status != 0 && status != 1)) {
            throw DoceboApiException.badRequest("status must be 0 (deactivate) or 1 (activate)");
        }
        List<String> missing = new ArrayList<>();
        synchronized (directory) {
            for (long userId : userIds) {
                directory.byId(userId).ifPresentOrElse(user -> user.active = status == 1,
                        () -> missing.add("User with id " + userId + " not found"));
            }
        }
        return missing.isEmpty() ? DoceboAnswers.success(Map.of()) : DoceboAnswers.failure(missing);
    }

    /** Hard delete by {@code user_ids} or {@code user_names}; there is no undo. */
    @DeleteMapping("/manage/v1/user/delete")
    Map<String, Object> delete(@RequestBody JsonNode body) {
        List<Long> userIds = RequestFields.ids(body, "user_ids");
        List<String> userNames = RequestFields.texts(body, "user_names");
        if (userIds.isEmpty() && userNames.isEmpty()) {
            throw DoceboApiException.badRequest("Missing required parameter: user_ids or user_names");
        }
        List<String> missing = new ArrayList<>();
        synchronized (directory) {
            for (long userId : userIds) {
                if (!directory.remove(userId)) {
                    missing.add("User with id " + userId + " not found");
                }
            }
            for (String userName : userNames) {
                directory.byUsername(userName).ifPresentOrElse(user -> directory.remove(user.id),
                        () -> missing.add("User '" + userName + "' not found"));
            }
        }
        return missing.isEmpty() ? DoceboAnswers.success(Map.of()) : DoceboAnswers.failure(missing);
    }

    private static void rejectInvalid(UserChanges changes) {
        List<String> invalid = changes.invalidValues();
        if (!invalid.isEmpty()) {
            throw DoceboApiException.badRequest(invalid);
        }
    }
}
