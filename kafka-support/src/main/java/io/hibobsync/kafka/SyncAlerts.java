package io.hibobsync.kafka;

import io.hibobsync.contracts.ConfigurationAlert;
import io.hibobsync.contracts.Topics;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one way a service raises or resolves an incident: a {@link ConfigurationAlert} as JSON on {@code sync-alerts},
 * keyed by {@link ConfigurationAlert#key()}, acknowledged by Kafka before it counts as sent (else the incident tries
 * again later, see {@link CredentialsIncident} and {@link ThrottleIncident}).
 */
public final class SyncAlerts implements AlertSender {

    private static final Logger log = LoggerFactory.getLogger(SyncAlerts.class);
    private static final long ACK_TIMEOUT_SECONDS = 10;

    private final KafkaOperations<String, byte[]> kafka;
    private final JsonMapper json;

    public SyncAlerts(KafkaOperations<String, byte[]> kafka, JsonMapper json) {
        this.kafka = kafka;
        this.json = json;
    }

    @Override
    public boolean send(ConfigurationAlert alert) {
        try {
            kafka.send(Topics.SYNC_ALERTS, alert.key(), json.writeValueAsBytes(alert))
                    .get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.error("Interrupted while publishing an alert on {}: {}", Topics.SYNC_ALERTS, alert.message());
            return false;
        } catch (Exception e) {
            log.error("Could not publish an alert on {} ({}): {}", Topics.SYNC_ALERTS, e.getMessage(), alert.message());
            return false;
        }
    }
}
