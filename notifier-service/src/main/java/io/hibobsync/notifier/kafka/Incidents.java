package io.hibobsync.notifier.kafka;

import io.hibobsync.contracts.ConfigurationAlert;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Which incidents are open, per kind and {@code service/system} (credentials refused, API throttling, deactivations
 * held by the safety brake: one of each may be open at the same time and they end apart), as far as the
 * administrator was told. A service that restarts
 * during an incident alerts again; that is the same incident, and is not mailed twice. Confined to the alert
 * listener's consumer thread.
 */
final class Incidents {

    /** What to mail for an alert. */
    enum Decision {
        /** A new incident: mail it. */
        STARTED,
        /** An open incident ended: mail it. */
        RESOLVED,
        /** Already told: no mail. */
        ALREADY_KNOWN
    }

    private record Known(boolean open, Instant since, TopicPartition partition) {
    }

    private final Map<String, Known> incidents = new HashMap<>();

    /** The decision for {@code alert}; the state is left as it is until {@link #told}. */
    Decision decide(String key, ConfigurationAlert alert) {
        Known known = incidents.get(key);
        if (!alert.resolved()) {
            return known != null && known.open() ? Decision.ALREADY_KNOWN : Decision.STARTED;
        }
        // An end without a start we know of (expired, or before this group existed) is still worth saying.
        return known != null && !known.open() ? Decision.ALREADY_KNOWN : Decision.RESOLVED;
    }

    /** When the open incident of {@code key} started, if one is open. */
    Instant openSince(String key) {
        Known known = incidents.get(key);
        return known != null && known.open() ? known.since() : null;
    }

    /**
     * The administrator was told about {@code alert} as {@link #decide} said (its mail was sent, or it needed none),
     * now or before a restart: an incident it starts is open from its {@code at}, one it ends is closed.
     */
    void told(String key, ConfigurationAlert alert, TopicPartition partition) {
        Known known = incidents.get(key);
        if (alert.resolved() || known == null || !known.open()) {
            incidents.put(key, new Known(!alert.resolved(), alert.at(), partition));
        }
    }

    /** Their new owner rebuilds what they said. */
    void forget(Collection<TopicPartition> partitions) {
        Set<TopicPartition> gone = Set.copyOf(partitions);
        incidents.values().removeIf(known -> gone.contains(known.partition()));
    }
}
