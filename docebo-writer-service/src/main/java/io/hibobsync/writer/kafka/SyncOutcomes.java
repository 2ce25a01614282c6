package io.hibobsync.writer.kafka;

import io.hibobsync.contracts.SyncOutcome;
import io.hibobsync.contracts.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
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
    private final Queue<CompletableFuture<?>> pending = new ConcurrentLinkedQueue<>();

    SyncOutcomes(KafkaTemplate<String, byte[]> kafka, JsonMapper json) {
        this.kafka = kafka;
        this.json = json;
    }

    void publish(SyncOutcome outcome) {
        pending.add(kafka.send(Topics.DOCEBO_SYNC_OUTCOMES, outcome.employeeId(), json.writeValueAsBytes(outcome)));
    }

    void flush() {
        List<CompletableFuture<?>> sent = new ArrayList<>();
        CompletableFuture<?> one;
        while ((one = pending.poll()) != null) {
            sent.add(one);
        }
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Could not publish the writer's outcomes to " + Topics.DOCEBO_SYNC_OUTCOMES
                    + ": " + e.getMessage(), e);
        }
    }
}
