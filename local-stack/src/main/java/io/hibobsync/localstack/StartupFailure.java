package io.hibobsync.localstack;

/** The stack could not start; the message says what failed and, for a child, ends with the last lines of its log. */
final class StartupFailure extends Exception {

    StartupFailure(String message) {
        super(message);
    }

    StartupFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
