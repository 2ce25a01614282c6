package io.hibobsync.writer.kafka;

import io.hibobsync.contracts.SyncOutcome;
import io.hibobsync.contracts.Topics;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes what the writer did, keyed by employee id, to {@code docebo-sync-outcomes}: sent as they come,
 * acknowledged all together by {@link #flush()} before the poll's records are committed.
 */
@Component
class SyncOutcomes {

    private final KafkaTemplate<String, byte[]> kafka;
    private final JsonMapper json;
    private final PendingSends pending = new PendingSends(Topics.DOCEBO_SYNC_OUTCOMES);

    SyncOutcomes(KafkaTemplate<String, byte[]> kafka, JsonMapper json) {
        this.kafka = kafka;
        this.json = json;
    }

    void publish(SyncOutcome outcome) {
        pending.add(kafka.send(Topics.DOCEBO_SYNC_OUTCOMES, outcome.employeeId(), json.writeValueAsBytes(outcome)));
    }

    void flush() {
        pending.awaitAll();
    }
}
