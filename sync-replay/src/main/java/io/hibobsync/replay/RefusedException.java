package io.hibobsync.replay;

/** The command understood the request but must not or could not carry it out (e.g. a group still running): exit 1. */
final class RefusedException extends RuntimeException {

    RefusedException(String message) {
        super(message);
    }

    RefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
