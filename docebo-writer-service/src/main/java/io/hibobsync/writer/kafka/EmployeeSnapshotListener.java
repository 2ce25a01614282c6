package io.hibobsync.writer.kafka;

import io.hibobsync.contracts.EmployeeSnapshot;
import io.hibobsync.contracts.SyncOutcome;
import io.hibobsync.contracts.Topics;
import io.hibobsync.writer.docebo.DoceboAuthException;
import io.hibobsync.kafka.CredentialsIncident;
import io.hibobsync.writer.sync.UserSync;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies each employee snapshot to Docebo and publishes what was done. Records are taken one at a time per
 * partition, in order; a failure is retried in place or sent to {@code hibob-employees-dlt} by the error handler.
 */
@Component
class EmployeeSnapshotListener {

    private static final Logger log = LoggerFactory.getLogger(EmployeeSnapshotListener.class);

    private final UserSync sync;
    private final SyncOutcomes outcomes;
    private final CredentialsIncident docebo;
    private final JsonMapper json;
    private final WriterMetrics metrics;

    EmployeeSnapshotListener(UserSync sync, SyncOutcomes outcomes, CredentialsIncident docebo, JsonMapper json,
            WriterMetrics metrics) {
        this.sync = sync;
        this.outcomes = outcomes;
        this.docebo = docebo;
        this.json = json;
        this.metrics = metrics;
    }

    @KafkaListener(id = "docebo-writer", topics = Topics.HIBOB_EMPLOYEES, groupId = "docebo-writer-service")
    void onSnapshot(ConsumerRecord<String, byte[]> record) {
        // Every line logged while applying this record names its employee and webhook delivery.
        try (var employeeId = MDC.putCloseable("employeeId", record.key())) {
            EmployeeSnapshot employee = parse(record);
            try (var deliveryId = MDC.putCloseable("deliveryId", employee.deliveryId())) {
                apply(employee);
            }
        }
    }

    private void apply(EmployeeSnapshot employee) {
        SyncOutcome outcome;
        try {
            outcome = sync.apply(employee);
        } catch (DoceboAuthException e) {
            docebo.refused(e.status(), e.getMessage());
            throw e;
        }
        docebo.accepted();
        outcomes.publish(outcome);
        metrics.applied(outcome);
        log.info("Employee {} → Docebo user {}: {} ({}; {} ms after the webhook)", employee.employeeId(),
                outcome.doceboUserId(), outcome.action(), outcome.detail(), outcome.latencyMillis());
    }

    private EmployeeSnapshot parse(ConsumerRecord<String, byte[]> record) {
        try {
            EmployeeSnapshot employee = json.readValue(record.value(), EmployeeSnapshot.class);
            if (employee.employeeId() == null) {
                throw new UnreadableSnapshotException("The record at " + record.topic() + "/" + record.partition()
                        + "@" + record.offset() + " has no employeeId");
            }
            return employee;
        } catch (JacksonException | IllegalArgumentException e) {
            throw new UnreadableSnapshotException("The record at " + record.topic() + "/" + record.partition() + "@"
                    + record.offset() + " is not an EmployeeSnapshot: " + e.getMessage());
        }
    }

    /** The record cannot be read as a snapshot: no retry will help. */
    static class UnreadableSnapshotException extends RuntimeException {
        UnreadableSnapshotException(String message) {
            super(message);
        }
    }
}
