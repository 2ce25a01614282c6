package io.hibobsync.enrich.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/** What becomes of the webhooks enrich-service consumes, as Micrometer meters. */
@Component
class EnrichMetrics {

    /** Outcome tag of {@code enrich.webhooks.consumed}. */
    enum Outcome {
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

    EnrichMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void consumed(String type, Outcome outcome) {
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
    void budgetSpent() {
        Counter.builder("hibob.search.budget.exhausted")
                .description("Times a consumer paused because HIBOB_SEARCHES_PER_MINUTE was used up for longer than "
                        + "a short wait")
                .register(registry)
                .increment();
    }

    void published(boolean deletion) {
        Counter.builder("enrich.snapshots.published")
                .description("Employee snapshots acknowledged by Kafka on hibob-employees, by kind")
                .tag("kind", deletion ? "deletion" : "employee")
                .register(registry)
                .increment();
    }
}
