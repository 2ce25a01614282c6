package io.hibobsync.simulator.docebo.ratelimit;

import io.hibobsync.simulator.docebo.DoceboSimProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/** Docebo's per-caller limit (1,000 calls an hour unless configured), over a sliding hour. */
public class RateLimiter {

    private static final Duration WINDOW = Duration.ofHours(1);

    private final Clock clock = Clock.systemUTC();
    private final int limitPerHour;
    private final Deque<Instant> acceptedCalls = new ArrayDeque<>();

    RateLimiter(DoceboSimProperties properties) {
        this.limitPerHour = properties.rateLimitPerHour();
    }

    /** Counts the call and says yes, or says no without counting it. */
    synchronized boolean tryAcquire() {
        Instant now = clock.instant();
        forgetBefore(now.minus(WINDOW));
        if (acceptedCalls.size() >= limitPerHour) {
            return false;
        }
        acceptedCalls.addLast(now);
        return true;
    }

    public synchronized int usedInLastHour() {
        forgetBefore(clock.instant().minus(WINDOW));
        return acceptedCalls.size();
    }

    public int limitPerHour() {
        return limitPerHour;
    }

    public synchronized void reset() {
        acceptedCalls.clear();
    }

    private void forgetBefore(Instant start) {
        while (!acceptedCalls.isEmpty() && acceptedCalls.peekFirst().isBefore(start)) {
            acceptedCalls.removeFirst();
        }
    }
}
