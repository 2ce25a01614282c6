package io.hibobsync.enrich.hibob;

import java.time.Duration;

/**
 * HiBob still returns an employee shortly after {@code employee.deleted}: it may take a moment to stop showing a
 * deleted record. Transient until {@code HIBOB_DELETION_GRACE} has passed since the webhook's receipt; nothing is
 * deleted in Docebo meanwhile.
 */
public class DeletionNotConfirmedYetException extends DeletionUnconfirmedException {

    private final Duration graceLeft;

    public DeletionNotConfirmedYetException(String employeeId, String email, String status, String lifecycle,
            Duration sinceDeletion, Duration grace) {
        super("HiBob still returns " + who(employeeId, email) + ", " + state(status, lifecycle) + ", "
                        + human(sinceDeletion) + " after employee.deleted; nothing is deleted in Docebo unless HiBob "
                        + "stops returning them within HIBOB_DELETION_GRACE (" + human(grace) + ") of the webhook",
                employeeId, sinceDeletion);
        this.graceLeft = grace.minus(sinceDeletion).isNegative() ? Duration.ZERO : grace.minus(sinceDeletion);
    }

    /** How much of the grace period is left: no point in waiting longer before the last try. */
    public Duration graceLeft() {
        return graceLeft;
    }
}
