package io.hibobsync.writer.sync;

/**
 * The writer refuses a change because it could harm an account that may not be this employee's: nothing was
 * written, and no retry will help until an administrator decides. The record goes to the dead-letter topic with
 * {@link #reason()} in the {@code sync-failure-reason} header, and the mail says what to do.
 */
public abstract class RefusedChangeException extends RuntimeException {

    private final String reason;

    RefusedChangeException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** One of the {@code DeadLetterHeaders.REASON_*} values. */
    public String reason() {
        return reason;
    }
}
