package io.hibobsync.writer.kafka;

import io.hibobsync.contracts.SyncOutcome;
import io.hibobsync.contracts.Topics;
import java.util.concurrent.TimeUnit;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Publishes what the writer did, keyed by employee id, to {@code docebo-sync-outcomes}. */
@Component
class SyncOutcomes {

    private final KafkaTemplate<String, byte[]> kafka;
    private final JsonMapper json;

    SyncOutcomes(KafkaTemplate<String, byte[]> kafka, JsonMapper json) {
        this.kafka = kafka;
        this.json = json;
    }

    void publish(SyncOutcome outcome) {
        try {
            kafka.send(Topics.DOCEBO_SYNC_OUTCOMES, outcome.employeeId(), json.writeValueAsBytes(outcome))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Could not publish the outcome for employee " + outcome.employeeId()
                    + ": " + e.getMessage(), e);
        }
    }
}
