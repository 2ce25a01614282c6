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

    /** The decision for {@code alert}, the state updated as if the mail went out. */
    Decision decide(String key, ConfigurationAlert alert, TopicPartition partition) {
        Known known = incidents.get(key);
        if (!alert.resolved()) {
            if (known != null && known.open()) {
                return Decision.ALREADY_KNOWN;
            }
            incidents.put(key, new Known(true, alert.at(), partition));
            return Decision.STARTED;
        }
        if (known != null && !known.open()) {
            return Decision.ALREADY_KNOWN;
        }
        // An end without a start we know of (expired, or before this group existed) is still worth saying.
        incidents.put(key, new Known(false, alert.at(), partition));
        return Decision.RESOLVED;
    }

    /** When the open incident of {@code key} started, if one is open. */
    Instant openSince(String key) {
        Known known = incidents.get(key);
        return known != null && known.open() ? known.since() : null;
    }

    /** An alert already handled before a restart: only the state. */
    void replay(String key, ConfigurationAlert alert, TopicPartition partition) {
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
