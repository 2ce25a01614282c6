package io.hibobsync.enrich.hibob;

import java.util.List;

/**
 * HiBob's answer has no such employee, long after the webhook: deleted, or hidden from the service user.
 * Permanent: the webhook goes to the dead-letter topic.
 */
public class EmployeeNotFoundException extends HibobException {

    public EmployeeNotFoundException(String employeeId, long secondsSinceWebhook) {
        super("HiBob has no employee " + employeeId + ": deleted, or the service user cannot see them (still "
                + "missing " + secondsSinceWebhook + " s after the webhook; check the service user's permissions "
                + "in Bob, or whether the employee was deleted)", List.of(employeeId), null);
    }
}
