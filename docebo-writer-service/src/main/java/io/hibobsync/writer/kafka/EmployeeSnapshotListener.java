package io.hibobsync.writer.kafka;

import io.hibobsync.contracts.EmployeeSnapshot;
import io.hibobsync.contracts.RunEnd;
import io.hibobsync.contracts.SyncOutcome;
import io.hibobsync.contracts.Topics;
import io.hibobsync.kafka.CredentialsIncident;
import io.hibobsync.writer.docebo.DoceboAuthException;
import io.hibobsync.writer.sync.UserSync;
import io.hibobsync.writer.sync.WriterMemory;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies each poll of employee snapshots to Docebo as a whole ({@link UserSync}) and publishes what was done.
 * A record no retry can help (unreadable, unmappable, refused by Docebo or by the identity rules) goes to
 * {@code hibob-employees-dlt} once the poll's writes are done; anything a retry may cure fails the poll from its
 * first record, which the error handler retries in place (the employees already written are then unchanged).
 */
@Component
class EmployeeSnapshotListener {

    private static final Logger log = LoggerFactory.getLogger(EmployeeSnapshotListener.class);

    private final UserSync sync;
    private final WriterMemory memory;
    private final SyncOutcomes outcomes;
    private final DeadLetters deadLetters;
    private final CredentialsIncident docebo;
    private final JsonMapper json;
    private final WriterMetrics metrics;

    private final FullSyncReports runs;
    private final int maxPollRecords;

    EmployeeSnapshotListener(UserSync sync, WriterMemory memory, SyncOutcomes outcomes, DeadLetters deadLetters,
            CredentialsIncident docebo, JsonMapper json, WriterMetrics metrics, FullSyncReports runs,
            KafkaProperties kafka) {
        this.runs = runs;
        Integer configured = kafka.getConsumer().getMaxPollRecords();
        this.maxPollRecords = configured == null ? 500 : configured;
        this.sync = sync;
        this.memory = memory;
        this.outcomes = outcomes;
        this.deadLetters = deadLetters;
        this.docebo = docebo;
        this.json = json;
        this.metrics = metrics;
    }

    static final String LISTENER_ID = "docebo-writer";

    @KafkaListener(id = LISTENER_ID, topics = Topics.HIBOB_EMPLOYEES, groupId = "docebo-writer-service",
            batch = "true")
    void onSnapshots(List<ConsumerRecord<String, byte[]>> records) {
        Map<EmployeeSnapshot, ConsumerRecord<String, byte[]>> recordOf = new IdentityHashMap<>();
        List<EmployeeSnapshot> snapshots = new ArrayList<>();
        List<EmployeeSnapshot> plans = new ArrayList<>();
        List<RunEnd> runEnds = new ArrayList<>();
        List<Refused> refused = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                if (record.headers().lastHeader(RunEnd.HEADER) != null) {
                    runEnds.add(json.readValue(record.value(), RunEnd.class));
                    continue;
                }
                EmployeeSnapshot snapshot = parse(record);
                recordOf.put(snapshot, record);
                (snapshot.plan() ? plans : snapshots).add(snapshot);
            } catch (UnreadableSnapshotException | JacksonException unreadable) {
                refused.add(new Refused(record, unreadable instanceof UnreadableSnapshotException u ? u
                        : new UnreadableSnapshotException("The run marker at " + coordinates(record)
                                + " is not a RunEnd: " + unreadable.getMessage())));
            }
        }
        try {
            UserSync.Results results = new UserSync.Results() {
                @Override
                public void applied(EmployeeSnapshot employee, SyncOutcome outcome) {
                    outcomes.publish(outcome);
                    metrics.applied(outcome);
                    if (employee.runId() != null) {
                        runs.applied(employee, partitionOf(employee), outcome);
                    }
                    try (var employeeId = MDC.putCloseable("employeeId", employee.employeeId());
                            var deliveryId = MDC.putCloseable("deliveryId", employee.deliveryId())) {
                        log.info("Employee {} → Docebo user {}: {} ({}; {} ms after the webhook)",
                                employee.employeeId(), outcome.doceboUserId(), outcome.action(), outcome.detail(),
                                outcome.latencyMillis());
                    }
                }

                @Override
                public void refused(EmployeeSnapshot employee, RuntimeException reason) {
                    ConsumerRecord<String, byte[]> record = recordOf.get(employee);
                    if (record != null) {
                        refused.add(new Refused(record, reason));
                    } else {
                        // A full sync's own decision (an orphan), no record behind it: the run's report says it.
                        log.warn("Full sync {}, employee {}: {}", employee.runId(), employee.employeeId(),
                                reason.getMessage());
                    }
                    if (employee.runId() != null) {
                        runs.refused(employee, partitionOf(employee), reason);
                    }
                }

                private int partitionOf(EmployeeSnapshot employee) {
                    ConsumerRecord<String, byte[]> record = recordOf.get(employee);
                    return record == null ? -1 : record.partition();
                }
            };
            sync.apply(snapshots, results);
            // A poll that did not fill up found no backlog behind it: every waiting Direct Manager link is made now.
            sync.linkWaitingManagers(records.size() < maxPollRecords);
            if (!plans.isEmpty()) {
                Map<String, Integer> partitions = new java.util.HashMap<>();
                plans.forEach(plan -> partitions.put(plan.employeeId(), recordOf.get(plan).partition()));
                sync.plan(plans).forEach(entry -> runs.entry(entry, partitions.getOrDefault(entry.employeeId(), -1)));
            }
            for (RunEnd end : runEnds) {
                sync.finishRun(end, results).forEach(entry -> runs.entry(entry, end.partition()));
                if (end.plan() && end.partition() == 0) {
                    sync.inDoceboOnly(end).forEach(entry -> runs.entry(entry, end.partition()));
                }
                runs.finished(end);
                log.info("Full sync {}{}: partition {} of {} done", end.runId(), end.plan() ? " (plan)" : "",
                        end.partition(), end.partitions());
            }
            docebo.accepted();
        } catch (RuntimeException failure) {
            if (failure instanceof DoceboAuthException auth) {
                docebo.refused(auth.status(), auth.getMessage());
            }
            // What was written before the failure stays remembered, so its retry costs no Docebo call.
            flushQuietly();
            throw new BatchListenerFailedException(failure.getMessage(), failure, 0);
        }
        try {
            memory.flush();
            outcomes.flush();
            runs.flush();
            for (Refused one : refused) {
                try (var employeeId = MDC.putCloseable("employeeId", one.record().key())) {
                    log.warn("{} sent to {}: {}", coordinates(one.record()),
                            Topics.deadLetterTopicOf(one.record().topic()), one.reason().getMessage());
                    deadLetters.send(one.record(), one.reason());
                }
            }
        } catch (RuntimeException kafkaFailure) {
            throw new BatchListenerFailedException(kafkaFailure.getMessage(), kafkaFailure, 0);
        }
    }

    private void flushQuietly() {
        try {
            memory.flush();
            outcomes.flush();
        } catch (RuntimeException e) {
            log.warn("Could not make everything written so far durable: {}", e.getMessage());
        }
    }

    private EmployeeSnapshot parse(ConsumerRecord<String, byte[]> record) {
        try {
            EmployeeSnapshot employee = json.readValue(record.value(), EmployeeSnapshot.class);
            if (employee.employeeId() == null) {
                throw new UnreadableSnapshotException("The record at " + coordinates(record) + " has no employeeId");
            }
            if (employee.readAt() == null) {
                // Without it nothing tells whether the snapshot is older than what was applied (or than a deletion).
                throw new UnreadableSnapshotException("The record at " + coordinates(record) + " has no readAt");
            }
            return employee;
        } catch (JacksonException | IllegalArgumentException e) {
            throw new UnreadableSnapshotException("The record at " + coordinates(record) + " is not an EmployeeSnapshot: "
                    + e.getMessage());
        }
    }

    private static String coordinates(ConsumerRecord<?, ?> record) {
        return record.topic() + "/" + record.partition() + "@" + record.offset();
    }

    private record Refused(ConsumerRecord<String, byte[]> record, RuntimeException reason) {
    }

    /** The record cannot be read as a snapshot: no retry will help. */
    static class UnreadableSnapshotException extends RuntimeException {
        UnreadableSnapshotException(String message) {
            super(message);
        }
    }
}
