package io.hibobsync.kafka;

import io.hibobsync.contracts.ConfigurationAlert;

/** Publishes an alert on {@code sync-alerts}; answers whether Kafka took it (if not, the caller tries again later). */
@FunctionalInterface
public interface AlertSender {
    boolean send(ConfigurationAlert alert);
}
