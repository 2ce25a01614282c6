package io.hibobsync.writer.kafka;

import io.hibobsync.contracts.EmployeeSnapshot;
import io.hibobsync.contracts.PlanEntry;
import io.hibobsync.contracts.RunEnd;
import io.hibobsync.contracts.RunProgress;
import io.hibobsync.contracts.SyncOutcome;
import io.hibobsync.contracts.Topics;
import io.hibobsync.writer.sync.RefusedChangeException;
import io.hibobsync.writer.sync.UserSync;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a full sync did, or as a plan would do, on {@code sync-plans}: one {@link PlanEntry} per employee as it is
 * decided, and a {@link RunProgress} per partition when the run's marker there is reached. A run reports the
 * same action names as its plan, so the two can be compared line by line.
 */
@Component
class FullSyncReports {

    private static final Set<String> NO_DRIFT = Set.of("UNCHANGED", "OUT_OF_SCOPE", "IN_DOCEBO_ONLY");

    private final KafkaTemplate<String, byte[]> kafka;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final PendingSends pending = new PendingSends(Topics.SYNC_PLANS);
    // Actions counted per run and partition until that partition's marker; a restart in the middle of a run loses
    // these counts (the entries themselves are on the topic).
    private final Map<String, Map<String, Integer>> counts = new ConcurrentHashMap<>();

    FullSyncReports(KafkaTemplate<String, byte[]> kafka, JsonMapper json, MeterRegistry meters) {
        this.kafka = kafka;
        this.json = json;
        this.meters = meters;
    }

    /** A run's employee was applied: reported under the plan's name for what happened. */
    void applied(EmployeeSnapshot employee, int partition, SyncOutcome outcome) {
        String action = switch (outcome.action()) {
            case CREATED -> "CREATE";
            case UPDATED -> adopted(outcome) ? "ADOPT" : "UPDATE";
            case DEACTIVATED -> "DEACTIVATE";
            case REACTIVATED -> "REACTIVATE";
            case DELETED -> "DELETE";
            case HELD -> "HELD";
            case FAILED -> "FAILED";
            case UNCHANGED, STALE -> adopted(outcome) ? "ADOPT" : UserSync.isOutOfScope(outcome) ? "OUT_OF_SCOPE"
                    : "UNCHANGED";
        };
        entry(new PlanEntry(employee.runId(), employee.plan(), employee.employeeId(), action, outcome.doceboUserId(),
                null, List.of(), outcome.detail()), partition);
    }

    void refused(EmployeeSnapshot employee, int partition, RuntimeException reason) {
        entry(new PlanEntry(employee.runId(), employee.plan(), employee.employeeId(),
                reason instanceof RefusedChangeException ? "CONFLICT" : "FAILED", null, null, List.of(),
                reason.getMessage()), partition);
    }

    void entry(PlanEntry entry, int partition) {
        counts.computeIfAbsent(entry.runId() + "/" + partition, key -> new ConcurrentHashMap<>())
                .merge(entry.action(), 1, Integer::sum);
        if (!entry.plan() && !NO_DRIFT.contains(entry.action())) {
            // What a full sync (a nightly reconciliation above all) found different and corrected, or held.
            Counter.builder("sync.drift")
                    .description("Employees a full sync found out of step with HiBob, by what it did about it")
                    .tag("action", entry.action().toLowerCase(Locale.ROOT))
                    .register(meters).increment();
        }
        send(entry.runId(), entry);
    }

    void finished(RunEnd end) {
        Map<String, Integer> done = counts.remove(end.runId() + "/" + end.partition());
        send(end.runId(), new RunProgress(end.runId(), end.plan(), end.partition(), end.partitions(),
                done == null ? Map.of() : new TreeMap<>(done), end.total()));
    }

    void flush() {
        pending.awaitAll();
    }

    private void send(String runId, Object value) {
        pending.add(kafka.send(Topics.SYNC_PLANS, runId, json.writeValueAsBytes(value)));
    }

    private static boolean adopted(SyncOutcome outcome) {
        return outcome.detail() != null && outcome.detail().startsWith("adopted the existing user");
    }
}
