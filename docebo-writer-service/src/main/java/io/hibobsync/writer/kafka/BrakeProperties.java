package io.hibobsync.writer.kafka;

import static io.hibobsync.kafka.Settings.requireValue;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The safety brake: within any rolling hour at most the larger of {@code maxCount} and {@code maxPercent} % of
 * the users the sync owns are deactivated or deleted; the rest are held for an administrator. From the environment
 * (see application.yml for the variables' defaults).
 *
 * @param maxCount   {@code SYNC_BRAKE_MAX_COUNT}
 * @param maxPercent {@code SYNC_BRAKE_MAX_PERCENT}
 */
@ConfigurationProperties("writer.brake")
record BrakeProperties(Integer maxCount, Integer maxPercent) {

    BrakeProperties {
        requireValue("SYNC_BRAKE_MAX_COUNT", maxCount);
        requireValue("SYNC_BRAKE_MAX_PERCENT", maxPercent);
        if (maxCount < 0) {
            throw new IllegalArgumentException("SYNC_BRAKE_MAX_COUNT must not be negative, got " + maxCount + ".");
        }
        if (maxPercent < 0 || maxPercent > 100) {
            throw new IllegalArgumentException("SYNC_BRAKE_MAX_PERCENT must be between 0 and 100, got " + maxPercent
                    + ".");
        }
    }
}
