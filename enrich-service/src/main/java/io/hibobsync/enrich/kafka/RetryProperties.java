package io.hibobsync.enrich.kafka;

import static io.hibobsync.kafka.Settings.requireValue;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The back-off for transient failures (HiBob 5xx or unreachable, Kafka not acknowledging, an employee not
 * visible yet): retried in place, so one employee's webhooks stay in order, waits growing from
 * {@code initialInterval} by {@code multiplier} up to {@code maxInterval}; once the waits add up to
 * {@code maxElapsed} the webhook goes to {@code hibob-webhooks-dlt}. From the environment (see application.yml for
 * the variables' defaults).
 *
 * @param initialInterval {@code ENRICH_RETRY_INITIAL_INTERVAL}
 * @param multiplier      {@code ENRICH_RETRY_MULTIPLIER}
 * @param maxInterval     {@code ENRICH_RETRY_MAX_INTERVAL}
 * @param maxElapsed      {@code ENRICH_RETRY_MAX_ELAPSED}
 */
@ConfigurationProperties("enrich.retry")
public record RetryProperties(Duration initialInterval, Double multiplier, Duration maxInterval,
        Duration maxElapsed) {

    public RetryProperties {
        requireValue("ENRICH_RETRY_INITIAL_INTERVAL", initialInterval);
        requireValue("ENRICH_RETRY_MULTIPLIER", multiplier);
        requireValue("ENRICH_RETRY_MAX_INTERVAL", maxInterval);
        requireValue("ENRICH_RETRY_MAX_ELAPSED", maxElapsed);
        if (initialInterval.toMillis() < 1 || maxInterval.compareTo(initialInterval) < 0) {
            throw new IllegalArgumentException("ENRICH_RETRY_INITIAL_INTERVAL must be positive and at most "
                    + "ENRICH_RETRY_MAX_INTERVAL, got " + initialInterval + " and " + maxInterval + ".");
        }
        if (multiplier < 1.0) {
            throw new IllegalArgumentException("ENRICH_RETRY_MULTIPLIER must be at least 1, got " + multiplier + ".");
        }
        if (maxElapsed.isNegative()) {
            throw new IllegalArgumentException("ENRICH_RETRY_MAX_ELAPSED must not be negative, got " + maxElapsed
                    + ".");
        }
    }
}
