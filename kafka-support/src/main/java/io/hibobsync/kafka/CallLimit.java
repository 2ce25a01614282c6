package io.hibobsync.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The sync's own limit on calls to a rate-limited API: at most {@code limit} calls start in any {@code window}, one
 * limit shared by every thread of the service (enrich-service's HiBob searches a minute, the writer's Docebo calls
 * an hour). Keeping below the API's limit means the API never has to answer 429.
 * <p>
 * Start times are handed out first come, first served ({@link #take}): a caller that gets a short wait sleeps it
 * out and calls; one that would wait longer than it may takes nothing and is told how long (its consumer then
 * pauses instead of its thread). Optionally paced ({@link #pacedFrom}): once that share of the window's calls is
 * taken, what is left is spread evenly over the rest of the window, so that a long trickle of work does not spend
 * the window on its first moments and leave the rest waiting for the whole window to pass.
 */
public final class CallLimit {

    /** A start handed out ({@code taken}), or the wait it would have needed. */
    public record Turn(boolean taken, Duration delay) {
    }

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final int pacedFrom;
    // Start times handed out, ascending; the last few may lie in the future (taken by a thread waiting for them).
    private final ArrayDeque<Instant> starts = new ArrayDeque<>();

    public CallLimit(int limit, Duration window, Clock clock) {
        this(limit, window, clock, limit);
    }

    private CallLimit(int limit, Duration window, Clock clock, int pacedFrom) {
        if (limit < 1) {
            throw new IllegalArgumentException("A call limit must allow at least 1 call, got " + limit);
        }
        this.limit = limit;
        this.window = window;
        this.clock = clock;
        this.pacedFrom = pacedFrom;
    }

    /** The same limit, paced once {@code share} of a window's calls are taken. */
    public CallLimit pacedFrom(double share) {
        return new CallLimit(limit, window, clock, (int) Math.ceil(limit * share));
    }

    /** Takes the next start if the caller need not wait longer than {@code longestWait} for it. */
    public synchronized Turn take(Duration longestWait) {
        Instant now = clock.instant();
        Instant start = nextStart(now);
        Duration wait = Duration.between(now, start);
        if (wait.compareTo(longestWait) > 0) {
            return new Turn(false, wait);
        }
        starts.addLast(start);
        return new Turn(true, wait);
    }

    /** Calls that may start now without waiting: 0 while the next start lies ahead. */
    public synchronized int remaining() {
        Instant now = clock.instant();
        return nextStart(now).isAfter(now) ? 0 : Math.max(0, limit - starts.size());
    }

    /** How long a call asked for now would wait. */
    public synchronized Duration untilNext() {
        Instant now = clock.instant();
        return Duration.between(now, nextStart(now));
    }

    public int limit() {
        return limit;
    }

    private Instant nextStart(Instant now) {
        Instant horizon = now.minus(window);
        while (!starts.isEmpty() && !starts.getFirst().isAfter(horizon)) {
            starts.removeFirst();
        }
        Instant start = now;
        if (!starts.isEmpty() && starts.getLast().isAfter(start)) {
            start = starts.getLast();
        }
        if (starts.size() >= limit) {
            start = latest(start, nth(starts.size() - limit).plus(window));
        } else if (starts.size() >= pacedFrom) {
            // What is left, evenly spaced until the oldest start stops counting, and then the same gap again until
            // the next start is free.
            Instant windowEnds = starts.getFirst().plus(window);
            Duration gap = Duration.between(starts.getLast(), windowEnds).dividedBy(limit - starts.size() + 1);
            start = latest(start, starts.getLast().plus(gap));
        }
        return start;
    }

    private Instant nth(int index) {
        Iterator<Instant> each = starts.iterator();
        for (int i = 0; i < index; i++) {
            each.next();
        }
        return each.next();
    }

    private static Instant latest(Instant one, Instant other) {
        return one.isAfter(other) ? one : other;
    }
}
