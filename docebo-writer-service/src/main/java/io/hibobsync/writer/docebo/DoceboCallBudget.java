package io.hibobsync.writer.docebo;

import io.hibobsync.kafka.CallLimit;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;

/**
 * The writer's share of Docebo's hourly call limit ({@code DOCEBO_CALLS_PER_HOUR}, about 1,000): at most
 * {@code share} of it in any sliding hour, so that in steady state Docebo never has to answer 429. Every call
 * counts, token requests included. A short wait for the next free call is waited out in line; a longer one
 * is a {@link DoceboBudgetSpentException}, which pauses the listener (not the thread) until the budget allows.
 */
public class DoceboCallBudget {

    private static final Duration WINDOW = Duration.ofHours(1);
    private static final Duration LONGEST_WAIT_IN_LINE = Duration.ofSeconds(2);

    private final CallLimit limit;

    public DoceboCallBudget(int callsPerHour, double share, Clock clock, MeterRegistry meters) {
        if (callsPerHour < 1) {
            throw new IllegalArgumentException("DOCEBO_CALLS_PER_HOUR must be at least 1, got " + callsPerHour + ".");
        }
        this.limit = new CallLimit(Math.max(1, (int) Math.floor(callsPerHour * share)), WINDOW, clock);
        Gauge.builder("docebo.api.budget.remaining", limit, CallLimit::remaining)
                .description("Docebo calls the writer may still make in the current sliding hour")
                .register(meters);
    }

    /** Takes one call from the budget, waiting briefly if the next one frees up soon. */
    void spend(String what) {
        CallLimit.Turn turn = limit.take(LONGEST_WAIT_IN_LINE);
        if (!turn.taken()) {
            throw new DoceboBudgetSpentException("The writer has used its " + limit.limit() + " Docebo calls of the "
                    + "last hour (DOCEBO_CALLS_PER_HOUR); it pauses " + turn.delay().toSeconds() + " s before it can "
                    + what + ", so that Docebo never has to refuse it", turn.delay());
        }
        if (!turn.delay().isZero()) {
            try {
                Thread.sleep(Math.max(1, turn.delay().toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DoceboUnavailableException("Interrupted while waiting for the Docebo call budget",
                        turn.delay(), e);
            }
        }
    }

    /** How long until one more call fits in the budget; zero when it fits now. */
    public Duration untilAvailable() {
        return limit.untilNext();
    }

    public int remaining() {
        return limit.remaining();
    }

    public int limit() {
        return limit.limit();
    }
}
