package io.hibobsync.writer.kafka;

import io.hibobsync.contracts.ConfigurationAlert;
import io.hibobsync.contracts.Topics;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Docebo refusing our credentials is one incident, not one failure per record: it is reported once on
 * {@code sync-alerts} when it starts and once when calls work again, and health shows it meanwhile.
 */
@Component("docebo")
class CredentialsIncident implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(CredentialsIncident.class);
    private static final String SERVICE = "docebo-writer-service";
    private static final String SYSTEM = "Docebo";

    private final KafkaTemplate<String, byte[]> kafka;
    private final JsonMapper json;
    private final Clock clock = Clock.systemUTC();
    private final AtomicBoolean open = new AtomicBoolean();
    private volatile String lastMessage;

    CredentialsIncident(KafkaTemplate<String, byte[]> kafka, JsonMapper json) {
        this.kafka = kafka;
        this.json = json;
    }

    void started(int status, String message) {
        lastMessage = message;
        if (open.compareAndSet(false, true)) {
            log.error("Docebo refuses our credentials; the writer holds its records and retries periodically: {}", message);
            send(new ConfigurationAlert(SERVICE, SYSTEM, status, message, clock.instant(), false));
        }
    }

    void resolved() {
        if (open.compareAndSet(true, false)) {
            log.info("Docebo accepts our credentials again; the writer continues");
            send(new ConfigurationAlert(SERVICE, SYSTEM, 0, "Docebo accepts the credentials again", clock.instant(), true));
        }
    }

    private void send(ConfigurationAlert alert) {
        kafka.send(Topics.SYNC_ALERTS, SERVICE + "/" + SYSTEM, json.writeValueAsBytes(alert));
    }

    @Override
    public Health health() {
        return open.get() ? Health.down().withDetail("credentials", lastMessage).build() : Health.up().build();
    }
}
