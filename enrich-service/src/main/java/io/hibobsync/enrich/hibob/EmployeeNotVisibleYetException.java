package io.hibobsync.enrich.hibob;

import java.util.List;

/**
 * HiBob's answer has no such employee yet, shortly after the webhook: a new employee can take a few seconds to
 * become readable. Transient until {@code HIBOB_NOT_FOUND_GRACE} has passed (since the webhook's receipt, or since
 * the first search HiBob answered after it, if nothing could be read for a while).
 */
public class EmployeeNotVisibleYetException extends HibobException {

    public EmployeeNotVisibleYetException(String employeeId, long secondsSinceWebhook, long graceSeconds) {
        super("HiBob has no employee " + employeeId + " yet, " + secondsSinceWebhook + " s after the webhook; "
                + "trying again until " + graceSeconds + " s have passed (HIBOB_NOT_FOUND_GRACE)",
                List.of(employeeId), null);
    }
}
