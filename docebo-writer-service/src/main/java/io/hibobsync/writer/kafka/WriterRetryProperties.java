package io.hibobsync.writer.kafka;

import static io.hibobsync.kafka.Settings.requireValue;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long the writer keeps trying. From the environment (see application.yml for the variable names and their
 * defaults).
 *
 * @param maxElapsed         transient failures (Docebo 5xx other than 503, timeouts) are retried in place,
 *                           backing off from 1 s to 1 min, for this long in all; then the record goes to
 *                           {@code hibob-employees-dlt}
 * @param authInterval       while Docebo refuses our credentials, how often to try again (records wait, none is lost)
 * @param throttleAlertAfter while Docebo answers 429/503 the records wait as long as it takes; after this long the
 *                           administrator is alerted once
 * @param throttleMaxBackOff the longest wait between two tries while throttled, when Docebo sends no Retry-After
 */
@ConfigurationProperties("writer.retry")
record WriterRetryProperties(Duration maxElapsed, Duration authInterval, Duration throttleAlertAfter,
        Duration throttleMaxBackOff) {

    WriterRetryProperties {
        requireValue("WRITER_RETRY_MAX_ELAPSED", maxElapsed);
        requireValue("DOCEBO_AUTH_RETRY_INTERVAL", authInterval);
        requireValue("DOCEBO_THROTTLE_ALERT_AFTER", throttleAlertAfter);
        requireValue("DOCEBO_THROTTLE_MAX_BACKOFF", throttleMaxBackOff);
        if (throttleMaxBackOff.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("DOCEBO_THROTTLE_MAX_BACKOFF must be at least 1s, got "
                    + throttleMaxBackOff + ".");
        }
        if (throttleAlertAfter.isNegative()) {
            throw new IllegalArgumentException("DOCEBO_THROTTLE_ALERT_AFTER must not be negative, got "
                    + throttleAlertAfter + ".");
        }
    }
}
