package io.hibobsync.simulator.docebo;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.hibobsync.simulator.docebo.users.UserAnswerForm;
import java.util.List;
import java.util.Map;

/**
 * A copy of one simulated Docebo user, for tests and the {@code /sim/state} view (not the API's answer
 * spelling, which is {@link UserAnswerForm}'s job).
 *
 * @param directManager the Direct Manager's username, or null
 * @param branches      codes of the branches the user is in (the root is implicit)
 * @param fields        additional field id -> value
 * @param password      the password last set, so tests can check it was (not) changed; never shown in JSON
 */
public record DoceboUser(
        long userId,
        String username,
        String email,
        String firstName,
        String lastName,
        boolean active,
        String level,
        String language,
        String timezone,
        String expirationDate,
        String directManager,
        List<String> branches,
        Map<Integer, String> fields,
        String creationDate,
        @JsonIgnore String password) {
}
