package io.hibobsync.simulator.docebo.users;

import io.hibobsync.simulator.docebo.web.DoceboAnswers;
import io.hibobsync.simulator.docebo.web.DoceboApiException;
import io.hibobsync.simulator.docebo.web.RequestFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /manage/v1/managers/{manager_id}/users} {@code {"user_ids": [...], "hierarchy": 1}} makes the
 * users subordinates of the manager; hierarchy 1 is the Direct Manager.
 */
@RestController
public class ManagerController {

    private final UserDirectory directory;

    ManagerController(UserDirectory directory) {
        this.directory = directory;
    }

    @PostMapping("/manage/v1/managers/{managerId:\\d+}/users")
    Map<String, Object> assignSubordinates(@PathVariable long managerId, @RequestBody JsonNode body) {
        List<Long> userIds = RequestFields.ids(body, "user_ids");
        if (userIds.isEmpty()) {
            throw DoceboApiException.badRequest("Missing required parameter: user_ids");
        }
        Long hierarchy = RequestFields.id(body, "hierarchy");
        int managerType = hierarchy == null ? UserAccount.DIRECT_MANAGER : hierarchy.intValue();
        if (managerType < 1) {
            throw DoceboApiException.badRequest("hierarchy must be a manager type id (1 = Direct Manager)");
        }
        List<String> failures = new ArrayList<>();
        synchronized (directory) {
            directory.byId(managerId)
                    .orElseThrow(() -> DoceboApiException.notFound("Manager with user id " + managerId + " not found"));
            for (long userId : userIds) {
                if (userId == managerId) {
                    failures.add("A user cannot be their own manager: " + userId);
                    continue;
                }
                directory.byId(userId).ifPresentOrElse(user -> user.managers.put(managerType, managerId),
                        () -> failures.add("User with id " + userId + " not found"));
            }
        }
        return failures.isEmpty() ? DoceboAnswers.success(Map.of()) : DoceboAnswers.failure(failures);
    }
}
