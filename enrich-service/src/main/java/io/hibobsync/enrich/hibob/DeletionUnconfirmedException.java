package io.hibobsync.enrich.hibob;

import java.time.Duration;
import java.util.List;

/**
 * A webhook says an employee was deleted ({@code employee.deleted}), but HiBob still returns them to a search by
 * id ({@code showInactive: true}): the deletion is not confirmed, so nothing is deleted in Docebo. Either HiBob
 * has not caught up yet ({@link DeletionNotConfirmedYetException}, transient) or the webhook is wrong, e.g. an
 * old delivery sent again ({@link DeletionNotConfirmedException}, permanent: the dead-letter topic with
 * {@code sync-failure-reason: deletion_unconfirmed}).
 */
public abstract class DeletionUnconfirmedException extends HibobException {

    private final String employeeId;
    private final Duration sinceDeletion;

    DeletionUnconfirmedException(String message, String employeeId, Duration sinceDeletion) {
        super(message, List.of(employeeId), null);
        this.employeeId = employeeId;
        this.sinceDeletion = sinceDeletion;
    }

    public String employeeId() {
        return employeeId;
    }

    /** How long after the receipt of {@code employee.deleted} HiBob still returned the employee. */
    public Duration sinceDeletion() {
        return sinceDeletion;
    }

    /** {@code employee 333… (ada@example.com)}, or without the email when the event carried none. */
    static String who(String employeeId, String email) {
        return "employee " + employeeId + (email == null ? " (the event carried no email)" : " (" + email + ")");
    }

    /** What HiBob says of them now, e.g. {@code status Active, lifecycle Employed}. */
    static String state(String status, String lifecycle) {
        return "status " + (status == null || status.isBlank() ? "unknown" : status) + ", lifecycle "
                + (lifecycle == null || lifecycle.isBlank() ? "unknown" : lifecycle);
    }

    /** {@code 42 s} below two minutes, else {@code 12 min}. */
    static String human(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        return seconds < 120 ? seconds + " s" : seconds / 60 + " min";
    }
}
