package io.hibobsync.enrich.hibob;

import io.hibobsync.kafka.CallLimit;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * enrich-service's own budget of HiBob searches: at most {@code HIBOB_SEARCHES_PER_MINUTE} (HiBob allows 50) in any
 * 60 seconds, one budget for every consumer thread of the service. A sliding window: a search may start once the
 * N-th search before it started a minute ago (plus a second to spare for the network, so that HiBob, which counts
 * arrivals, never sees more either).
 * <p>
 * Paced past {@link #PACED_FROM} of it: once three quarters of the minute's searches are taken, what is left is
 * spread evenly over the rest of the minute. Spent at once, a trickle of webhooks longer than a few seconds (a
 * slow HR admin, deliveries retried after an outage) would use up the minute on small searches and leave the next
 * webhooks waiting for the whole minute to pass; spread, each search carries what arrived since the last one and no
 * webhook waits much longer than the gap between two searches.
 * <p>
 * {@link #take} hands out the next free start time, in the order the threads ask: a caller that gets a short wait
 * sleeps it out and searches; one that would wait longer than it may (a consumer thread must poll again within
 * {@code max.poll.interval.ms}) takes nothing and gets a {@link SearchBudgetSpentException} saying how long, which
 * pauses its container like a 429. The gauge {@code hibob.search.budget.remaining} shows what may start now.
 */
@Component
public class SearchBudget {

    /** HiBob's rate limit window. */
    public static final Duration WINDOW = Duration.ofSeconds(60);
    /** The longest a consumer thread waits in line for the budget; beyond it the container pauses. */
    public static final Duration LONGEST_WAIT_IN_LINE = Duration.ofSeconds(5);
    /** Added to the window between a search and the N-th after it: the network may delay one arrival, not the other. */
    static final Duration MARGIN = Duration.ofSeconds(1);
    /** The share of the minute's searches after which the rest is spread over the rest of the minute. */
    static final double PACED_FROM = 0.75;

    private final int perMinute;
    private final CallLimit limit;

    @Autowired
    public SearchBudget(HibobProperties properties, MeterRegistry meters) {
        this(properties.searchesPerMinute(), Clock.systemUTC(), meters);
    }

    public SearchBudget(int perMinute, Clock clock, MeterRegistry meters) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("HIBOB_SEARCHES_PER_MINUTE must be at least 1, got " + perMinute + ".");
        }
        this.perMinute = perMinute;
        this.limit = new CallLimit(perMinute, WINDOW.plus(MARGIN), clock).pacedFrom(PACED_FROM);
        Gauge.builder("hibob.search.budget.remaining", limit, CallLimit::remaining)
                .description("HiBob searches enrich-service may start now: what is left of the minute's "
                        + "HIBOB_SEARCHES_PER_MINUTE, 0 while it waits for the next paced start")
                .register(meters);
    }

    /**
     * Takes one search: how long the caller must wait before starting it ({@link Duration#ZERO}: at once). When that
     * would be longer than {@code longestWait}, nothing is taken and {@link SearchBudgetSpentException} says how long
     * the wait would be.
     */
    public Duration take(Duration longestWait, Collection<String> employeeIds) {
        CallLimit.Turn turn = limit.take(longestWait);
        if (!turn.taken()) {
            throw new SearchBudgetSpentException(perMinute, employeeIds, turn.delay());
        }
        return turn.delay();
    }

    /** Searches that may start now without waiting (what the gauge shows): 0 while the next start lies ahead. */
    public int remaining() {
        return limit.remaining();
    }

    public int perMinute() {
        return perMinute;
    }
}
