package io.hibobsync.writer.docebo;

import java.time.Duration;

/**
 * Docebo asks us to slow down: 429 (its hourly call limit) or 503 (overload). Not the record's fault: the record
 * waits as long as it takes and is never dead-lettered for it.
 */
public class DoceboThrottledException extends DoceboUnavailableException {

    public DoceboThrottledException(String message, Duration retryAfter) {
        super(message, retryAfter, null);
    }
}
