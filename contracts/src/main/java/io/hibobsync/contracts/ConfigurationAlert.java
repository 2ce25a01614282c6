package io.hibobsync.contracts;

import java.time.Instant;

/**
 * A service stopped consuming because HiBob or Docebo refuses our credentials (401/403): a configuration
 * fault that no retry of a record can fix. Published on {@link Topics#SYNC_ALERTS} once when the incident
 * starts ({@code resolved = false}) and once when calls work again ({@code resolved = true}), keyed by
 * {@code service + "/" + system}.
 *
 * @param service  the service that paused, e.g. {@code enrich-service}
 * @param system   {@code HiBob} or {@code Docebo}
 * @param status   the HTTP status received (401, 403)
 * @param message  what was refused and what to check, in plain words; never a secret
 * @param at       when the incident started or ended
 * @param resolved whether this record ends the incident
 */
public record ConfigurationAlert(String service, String system, int status, String message, Instant at,
        boolean resolved) {
}
