package io.hibobsync.enrich.kafka;

import io.hibobsync.contracts.ConfigurationAlert;
import io.hibobsync.contracts.Topics;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/** Publishes {@link ConfigurationAlert}s on {@code sync-alerts}, keyed by {@link ConfigurationAlert#key()}. */
@Component
class AlertPublisher {

    private static final Logger log = LoggerFactory.getLogger(AlertPublisher.class);
    private static final long ACK_TIMEOUT_SECONDS = 10;

    private final KafkaTemplate<String, Object> kafka;

    AlertPublisher(KafkaTemplate<String, Object> kafka) {
        this.kafka = kafka;
    }

    /** Whether Kafka acknowledged the alert. */
    boolean publish(ConfigurationAlert alert) {
        String key = alert.key();
        try {
            kafka.send(Topics.SYNC_ALERTS, key, alert).get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
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
