package io.hibobsync.writer.kafka;

import io.hibobsync.contracts.SyncOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** What the writer did, as Micrometer meters: records per outcome, dead letters, and end-to-end latency. */
@Component
class WriterMetrics {

    private final MeterRegistry registry;
    private final Timer endToEnd;

    WriterMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.endToEnd = Timer.builder("sync.end.to.end.latency")
                .description("From ingest receiving HiBob's webhook to Docebo applying the change")
                .publishPercentileHistogram()
                .register(registry);
    }

    void applied(SyncOutcome outcome) {
        count(outcome.action());
        if (outcome.latencyMillis() >= 0 && outcome.action() != SyncOutcome.Action.STALE) {
            endToEnd.record(Duration.ofMillis(outcome.latencyMillis()));
        }
    }

    void deadLettered() {
        count(SyncOutcome.Action.FAILED);
        Counter.builder("sync.dead.letters")
                .description("Records sent to a dead-letter topic, by the stage that gave up")
                .tag("stage", "docebo-writer-service")
                .register(registry)
                .increment();
    }

    private void count(SyncOutcome.Action action) {
        Counter.builder("sync.records.processed")
                .description("Records processed, by stage and outcome")
                .tag("stage", "docebo-writer-service")
                .tag("outcome", action.name().toLowerCase(Locale.ROOT))
                .register(registry)
                .increment();
    }
}
