package io.hibobsync.enrich.sync;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/** What becomes of the webhooks enrich-service consumes, as Micrometer meters. */
@Component
public class EnrichMetrics {

    /** Outcome tag of {@code enrich.webhooks.consumed}. */
    public enum Outcome {
        /** Read from HiBob and published as a snapshot (alone or coalesced with others of the same employee). */
        ENRICHED,
        /** {@code employee.deleted}, published as a deletion. */
        DELETED,
        /** About no employee: nothing to read. */
        SKIPPED,
        /** Sent to {@code hibob-webhooks-dlt}. */
        DEAD_LETTERED;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    // Event types come from outside: keep the tag's values few and tidy.
    private static final Pattern EVENT_TYPE = Pattern.compile("[a-z][A-Za-z.]{0,63}");

    private final MeterRegistry registry;

    public EnrichMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void consumed(String type, Outcome outcome) {
        Counter.builder("enrich.webhooks.consumed")
                .description("Webhooks consumed from hibob-webhooks, by HiBob event type and outcome")
                .tag("type", type != null && EVENT_TYPE.matcher(type).matches() ? type : "other")
                .tag("outcome", outcome.tag())
                .register(registry)
                .increment();
    }

    /**
     * One employee read again because a read showed none of the fields a webhook said changed: {@code changed}
     * when a re-read showed the change, {@code unchanged} when it was published as HiBob still says after the last.
     */
    void reread(boolean changed) {
        Counter.builder("enrich.rereads")
                .description("Employees read again because a read looked stale (none of the changed fields changed), "
                        + "by whether a re-read showed the change")
                .tag("outcome", changed ? "changed" : "unchanged")
                .register(registry)
                .increment();
    }

    /** A batch failed (its container pauses) because the HiBob search budget was spent for longer than a short wait. */
    public void budgetSpent() {
        Counter.builder("hibob.search.budget.exhausted")
                .description("Times a consumer paused because HIBOB_SEARCHES_PER_MINUTE was used up for longer than "
                        + "a short wait")
                .register(registry)
                .increment();
    }

    /** What became of one FULL_SYNC command: {@code completed}, {@code duplicate} (run already), {@code dead_lettered}. */
    public void fullSync(boolean plan, String outcome) {
        Counter.builder("sync.full.runs")
                .description("FULL_SYNC commands from sync-commands, by dry run (plan) and outcome: completed, "
                        + "duplicate (that run had completed already: not run again), dead_lettered")
                .tag("plan", String.valueOf(plan))
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    /** Employees a full sync published, acknowledged by Kafka (each run adds HiBob's whole company). */
    public void fullSyncEmployees(boolean plan, int employees) {
        Counter.builder("sync.full.employees")
                .description("Employee snapshots full syncs published on hibob-employees, by dry run (plan)")
                .tag("plan", String.valueOf(plan))
                .register(registry)
                .increment(employees);
    }

    /** How long a completed full sync took, from the search to the last marker acknowledged. */
    public void fullSyncDuration(boolean plan, java.time.Duration took) {
        io.micrometer.core.instrument.Timer.builder("sync.full.duration")
                .description("Completed full syncs: the search of every employee, their snapshots and the run markers")
                .tag("plan", String.valueOf(plan))
                .register(registry)
                .record(took);
    }

    /** Employee objects a full sync's answer held that it could not publish: no id, or an id twice. */
    public void fullSyncSkipped(int employees) {
        Counter.builder("sync.full.employees.skipped")
                .description("Employee objects of a full sync's HiBob answer without an id (or with one already "
                        + "read in the same answer): not published")
                .register(registry)
                .increment(employees);
    }

    public void published(boolean deletion) {
        Counter.builder("enrich.snapshots.published")
                .description("Employee snapshots acknowledged by Kafka on hibob-employees, by kind")
                .tag("kind", deletion ? "deletion" : "employee")
                .register(registry)
                .increment();
    }
}
