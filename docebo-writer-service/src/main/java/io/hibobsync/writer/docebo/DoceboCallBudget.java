package io.hibobsync.writer.docebo;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The writer's share of Docebo's hourly call limit ({@code DOCEBO_CALLS_PER_HOUR}, about 1,000): at most
 * {@code share} of it in any sliding hour, so that in steady state Docebo never has to answer 429. Every call
 * counts, token requests included. A short wait for the next free call is waited out in line; a longer one
 * is a {@link DoceboBudgetSpentException}, which pauses the listener (not the thread) until the budget allows.
 */
public class DoceboCallBudget {

    private static final Duration WINDOW = Duration.ofHours(1);
    private static final Duration LONGEST_WAIT_IN_LINE = Duration.ofSeconds(2);

    private final int limit;
    private final Clock clock;
    private final Deque<Instant> calls = new ArrayDeque<>();

    public DoceboCallBudget(int callsPerHour, double share, Clock clock, MeterRegistry meters) {
        if (callsPerHour < 1) {
            throw new IllegalArgumentException("DOCEBO_CALLS_PER_HOUR must be at least 1, got " + callsPerHour + ".");
        }
        this.limit = Math.max(1, (int) Math.floor(callsPerHour * share));
        this.clock = clock;
        Gauge.builder("docebo.api.budget.remaining", this, DoceboCallBudget::remaining)
                .description("Docebo calls the writer may still make in the current sliding hour")
                .register(meters);
    }

    /** Takes one call from the budget, waiting briefly if the next one frees up soon. */
    void spend(String what) {
        while (true) {
            Duration wait;
            synchronized (this) {
                wait = untilAvailable();
                if (wait.isZero()) {
                    calls.addLast(clock.instant());
                    return;
                }
            }
            if (wait.compareTo(LONGEST_WAIT_IN_LINE) > 0) {
                throw new DoceboBudgetSpentException("The writer has used its " + limit + " Docebo calls of the last "
                        + "hour (DOCEBO_CALLS_PER_HOUR); it pauses " + wait.toSeconds() + " s before it can " + what
                        + ", so that Docebo never has to refuse it", wait);
            }
            try {
                Thread.sleep(Math.max(1, wait.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DoceboUnavailableException("Interrupted while waiting for the Docebo call budget", wait, e);
            }
        }
    }

    /** How long until one more call fits in the budget; zero when it fits now. */
    public synchronized Duration untilAvailable() {
        Instant now = clock.instant();
        while (!calls.isEmpty() && !calls.peekFirst().plus(WINDOW).isAfter(now)) {
            calls.removeFirst();
        }
        return calls.size() < limit ? Duration.ZERO : Duration.between(now, calls.peekFirst().plus(WINDOW));
    }

    public synchronized int remaining() {
        untilAvailable();
        return limit - calls.size();
    }

    public int limit() {
        return limit;
    }
}
