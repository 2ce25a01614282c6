package io.hibobsync.enrich.hibob;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Iterator;
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
    private final int pacedFrom;
    private final Clock clock;
    private final Duration spacing = WINDOW.plus(MARGIN);
    // Start times handed out, ascending; the last few may lie in the future (taken by a thread now waiting for them).
    private final ArrayDeque<Instant> taken = new ArrayDeque<>();

    @Autowired
    public SearchBudget(HibobProperties properties, MeterRegistry meters) {
        this(properties.searchesPerMinute(), Clock.systemUTC(), meters);
    }

    public SearchBudget(int perMinute, Clock clock, MeterRegistry meters) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("HIBOB_SEARCHES_PER_MINUTE must be at least 1, got " + perMinute + ".");
        }
        this.perMinute = perMinute;
        this.pacedFrom = (int) Math.ceil(perMinute * PACED_FROM);
        this.clock = clock;
        Gauge.builder("hibob.search.budget.remaining", this, SearchBudget::remaining)
                .description("HiBob searches enrich-service may start now: what is left of the minute's "
                        + "HIBOB_SEARCHES_PER_MINUTE, 0 while it waits for the next paced start")
                .register(meters);
    }

    /**
     * Takes one search: how long the caller must wait before starting it ({@link Duration#ZERO}: at once). When that
     * would be longer than {@code longestWait}, nothing is taken and {@link SearchBudgetSpentException} says how long
     * the wait would be.
     */
    public synchronized Duration take(Duration longestWait, Collection<String> employeeIds) {
        Instant now = clock.instant();
        Instant start = nextStart(now);
        Duration wait = Duration.between(now, start);
        if (wait.compareTo(longestWait) > 0) {
            throw new SearchBudgetSpentException(perMinute, employeeIds, wait);
        }
        taken.addLast(start);
        return wait;
    }

    /** Searches that may start now without waiting (what the gauge shows): 0 while the next start lies ahead. */
    public synchronized int remaining() {
        Instant now = clock.instant();
        return nextStart(now).isAfter(now) ? 0 : Math.max(0, perMinute - taken.size());
    }

    /** The earliest a search asked for now may start. */
    private Instant nextStart(Instant now) {
        forgetOlderThanTheWindow(now);
        Instant start = now;
        if (!taken.isEmpty() && taken.getLast().isAfter(start)) {
            // First come, first served: never before a start already handed out.
            start = taken.getLast();
        }
        if (taken.size() >= perMinute) {
            start = latest(start, nth(taken.size() - perMinute).plus(spacing));
        } else if (taken.size() >= pacedFrom) {
            // What is left, evenly spaced until the oldest start of the window stops counting, and then the same gap
            // again until the next start is free.
            Instant windowEnds = taken.getFirst().plus(spacing);
            Duration gap = Duration.between(taken.getLast(), windowEnds).dividedBy(perMinute - taken.size() + 1);
            start = latest(start, taken.getLast().plus(gap));
        }
        return start;
    }

    private static Instant latest(Instant one, Instant other) {
        return one.isAfter(other) ? one : other;
    }

    public int perMinute() {
        return perMinute;
    }

    // A start time a window (and the margin) ago no longer limits anybody.
    private void forgetOlderThanTheWindow(Instant now) {
        Instant horizon = now.minus(spacing);
        while (!taken.isEmpty() && !taken.getFirst().isAfter(horizon)) {
            taken.removeFirst();
        }
    }

    private Instant nth(int index) {
        Iterator<Instant> starts = taken.iterator();
        for (int i = 0; i < index; i++) {
            starts.next();
        }
        return starts.next();
    }
}
