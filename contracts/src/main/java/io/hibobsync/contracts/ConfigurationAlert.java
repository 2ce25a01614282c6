package io.hibobsync.contracts;

import java.time.Instant;

/**
 * An incident that holds a whole service rather than one record, published on {@link Topics#SYNC_ALERTS} once
 * when it starts ({@code resolved = false}) and once when calls work again ({@code resolved = true}), keyed by
 * {@link #key()}:
 * <ul>
 * <li>{@link Kind#CREDENTIALS}: HiBob or Docebo refuses our credentials (401/403), a configuration fault that no
 * retry of a record can fix; the service stops consuming until they work;</li>
 * <li>{@link Kind#THROTTLED}: HiBob or Docebo has answered 429/503 for longer than the service's alert time; the
 * records wait (none is dead-lettered for it) and go on when the API answers again.</li>
 * <li>{@link Kind#HELD}: the safety brake holds more deactivations or deletions than the threshold allows; they
 * wait for an administrator to approve or reject them; resolved when none is held any more.</li>
 * </ul>
 *
 * @param service  the service that paused, e.g. {@code enrich-service}
 * @param system   {@code HiBob} or {@code Docebo}
 * @param status   the HTTP status received (401, 403; 429, 503)
 * @param message  what was refused and what to check, in plain words; never a secret
 * @param at       when the incident started or ended
 * @param resolved whether this record ends the incident
 * @param kind     what the incident is; {@code null} (alerts written before kinds existed) reads as credentials
 */
public record ConfigurationAlert(String service, String system, int status, String message, Instant at,
        boolean resolved, Kind kind) {

    public enum Kind {
        CREDENTIALS, THROTTLED,
        /** The safety brake holds deactivations or deletions; {@code status} is how many are held. */
        HELD
    }

    public ConfigurationAlert {
        kind = kind == null ? Kind.CREDENTIALS : kind;
    }

    /** A credentials alert. */
    public ConfigurationAlert(String service, String system, int status, String message, Instant at,
            boolean resolved) {
        this(service, system, status, message, at, resolved, Kind.CREDENTIALS);
    }

    /** The record key: one incident of each kind per service and system. */
    public String key() {
        return switch (kind) {
            case CREDENTIALS -> service + "/" + system;
            case THROTTLED -> service + "/" + system + "/throttled";
            case HELD -> service + "/" + system + "/held";
        };
    }
}
