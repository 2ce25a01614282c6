package io.hibobsync.enrich.hibob;

import static io.hibobsync.kafka.Settings.requireValue;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the full sync reads HiBob, from the environment (see application.yml for the variable and its default).
 *
 * @param readTimeout {@code HIBOB_FULL_SYNC_READ_TIMEOUT}: how long the one search of every employee may take to
 *                    answer (HiBob builds the whole company's answer before it sends it; 1 s to 10 min); a
 *                    search by id keeps {@code HIBOB_READ_TIMEOUT}
 */
@ConfigurationProperties("hibob.full-sync")
public record FullSyncProperties(Duration readTimeout) {

    /** The command consumer must poll again within its max.poll.interval.ms (15 min): search, publish and check. */
    public static final Duration MAX_READ_TIMEOUT = Duration.ofMinutes(10);

    public FullSyncProperties {
        requireValue("HIBOB_FULL_SYNC_READ_TIMEOUT", readTimeout);
        if (readTimeout.compareTo(Duration.ofSeconds(1)) < 0 || readTimeout.compareTo(MAX_READ_TIMEOUT) > 0) {
            throw new IllegalArgumentException("HIBOB_FULL_SYNC_READ_TIMEOUT must be between 1s and "
                    + MAX_READ_TIMEOUT.toMinutes() + "m, got " + readTimeout + ".");
        }
    }
}
