package io.hibobsync.writer.kafka;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long the writer keeps trying.
 *
 * @param maxElapsed   transient failures (Docebo 5xx, 429, timeouts) are retried in place, backing off from 1 s
 *                     to 1 min, for this long in all; then the record goes to {@code hibob-employees-dlt}
 * @param authInterval while Docebo refuses our credentials, how often to try again (records wait, none is lost)
 */
@ConfigurationProperties("writer.retry")
record WriterRetryProperties(Duration maxElapsed, Duration authInterval) {

    WriterRetryProperties {
        maxElapsed = maxElapsed == null ? Duration.ofMinutes(10) : maxElapsed;
        authInterval = authInterval == null ? Duration.ofMinutes(5) : authInterval;
    }
}
