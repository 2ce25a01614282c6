package io.hibobsync.writer.docebo;

import java.util.Map;

/**
 * A Docebo user as the API answers it ({@code user_id}, {@code username}, {@code first_name}...).
 *
 * @param fields          additional fields by id, from {@code field_<id>}
 * @param managerUsername the Direct Manager's username, from {@code manager_names}
 */
public record DoceboUser(String userId, String username, String email, String firstName, String lastName,
        boolean active, String language, String timezone, Map<Integer, String> fields, String managerUsername) {
}
