package io.hibobsync.replay;

/** What the user asked for cannot be done as asked (bad option, bad time, unknown topic): exit code 2. */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }
}
