package io.hibobsync.writer.docebo;

import java.time.Duration;

/** Docebo could not answer now (5xx, 429, I/O, a refused concurrent batch): worth retrying after a while. */
public class DoceboUnavailableException extends RuntimeException {

    private final Duration retryAfter;

    public DoceboUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** What Docebo asked us to wait ({@code Retry-After}), or {@code null}. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
