package io.hibobsync.writer.kafka;

import io.hibobsync.contracts.EmployeeSnapshot;
import io.hibobsync.contracts.SyncOutcome;
import io.hibobsync.kafka.SyncDeadLetters;
import io.hibobsync.writer.sync.RefusedChangeException;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends a snapshot the writer gives up on to {@code hibob-employees-dlt} (same partition, spring-kafka's
 * {@code kafka_dlt-*} headers plus ours, the refusal's reason among them) and publishes its FAILED outcome. Used
 * by the listener for records no retry can help, and by the error handler when retries are spent.
 */
@Component
class DeadLetters implements ConsumerRecordRecoverer {

    static final String STAGE = "docebo-writer-service";

    private final DeadLetterPublishingRecoverer recoverer;
    private final SyncOutcomes outcomes;
    private final JsonMapper json;
    private final WriterMetrics metrics;

    DeadLetters(KafkaTemplate<String, byte[]> kafka, SyncOutcomes outcomes, JsonMapper json, WriterMetrics metrics) {
        this.recoverer = new SyncDeadLetters(STAGE,
                record -> record.key() == null ? null : String.valueOf(record.key()),
                failure -> SyncDeadLetters.rootCause(failure) instanceof RefusedChangeException refused
                        ? refused.reason() : null).recoverer(kafka);
        this.outcomes = outcomes;
        this.json = json;
        this.metrics = metrics;
    }

    void send(ConsumerRecord<?, ?> record, Exception failure) {
        accept(record, failure);
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, Exception failure) {
        recoverer.accept(record, failure);
        outcomes.publish(failed(record, failure));
        outcomes.flush();
        metrics.deadLettered();
    }

    private SyncOutcome failed(ConsumerRecord<?, ?> record, Exception failure) {
        String employeeId = record.key() == null ? null : String.valueOf(record.key());
        EmployeeSnapshot employee = null;
        try {
            employee = json.readValue((byte[]) record.value(), EmployeeSnapshot.class);
        } catch (RuntimeException unreadable) {
            // The outcome then says less; the dead-letter record keeps every byte.
        }
        Instant now = Instant.now();
        Instant receivedAt = employee == null ? null : employee.receivedAt();
        return new SyncOutcome(employeeId, SyncOutcome.Action.FAILED, null, employee == null ? null : employee.event(),
                employee == null ? null : employee.deliveryId(), receivedAt, now,
                receivedAt == null ? -1 : now.toEpochMilli() - receivedAt.toEpochMilli(),
                SyncDeadLetters.rootCause(failure).getMessage());
    }
}
