package io.hibobsync.writer.mapping;

import java.util.Map;

/**
 * The Docebo user an employee should have, in our own words. {@code null} means "unknown" (HiBob did not
 * give the value, typically for lack of permission): such a value is never written, so Docebo keeps its own.
 *
 * @param username           Docebo username (userid)
 * @param active             whether the account should be active
 * @param additionalFields   Docebo additional field id to value
 * @param branchCode         the Docebo branch of the employee's department, or {@code null} when unmapped
 * @param managerEmployeeId  HiBob id of the direct manager
 * @param managerUsername    the manager's Docebo username under the username policy, when known
 */
public record DesiredUser(String username, String email, String firstName, String lastName, Boolean active,
        String language, String timezone, Map<Integer, String> additionalFields, String branchCode,
        String managerEmployeeId, String managerUsername) {

    public DesiredUser {
        additionalFields = additionalFields == null ? Map.of() : Map.copyOf(additionalFields);
    }
}
