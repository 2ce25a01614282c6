package io.hibobsync.simulator.hibob.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * HiBob blocks a caller for 5 minutes after about 50 failed logins in 10 seconds. Simulated per remote
 * address, so a client that retries 401s in a loop finds out here rather than in production. Failures older
 * than the window and blocks that have ended are forgotten, so the state stays as small as the callers of
 * the last few seconds, however many addresses have failed since start-up.
 */
public final class AuthFailureGuard {

    static final Duration WINDOW = Duration.ofSeconds(10);
    static final Duration BLOCK = Duration.ofMinutes(5);

    private final int threshold;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new HashMap<>();
    private final Map<String, Instant> blockedUntil = new HashMap<>();
    private Instant nextSweep = Instant.MIN;

    public AuthFailureGuard(int threshold, Clock clock) {
        this.threshold = threshold;
        this.clock = clock;
    }

    synchronized boolean isBlocked(String caller) {
        Instant now = clock.instant();
        sweep(now);
        Instant until = blockedUntil.get(caller);
        if (until == null) {
            return false;
        }
        if (now.isBefore(until)) {
            return true;
        }
        blockedUntil.remove(caller);
        return false;
    }

    synchronized void recordFailure(String caller) {
        if (threshold == 0) {
            return;
        }
        Instant now = clock.instant();
        sweep(now);
        var recent = failures.computeIfAbsent(caller, c -> new ArrayDeque<>());
        recent.addLast(now);
        forgetBefore(recent, now.minus(WINDOW));
        if (recent.size() >= threshold) {
            blockedUntil.put(caller, now.plus(BLOCK));
            failures.remove(caller);
        }
    }

    public synchronized void clear() {
        failures.clear();
        blockedUntil.clear();
    }

    /** Callers the guard still holds state for: failures within the window, or a block not yet over. */
    synchronized int trackedCallers() {
        return failures.size() + blockedUntil.size();
    }

    /** At most once a window, so a flood of 401s does not walk every caller on every call. */
    private void sweep(Instant now) {
        if (now.isBefore(nextSweep)) {
            return;
        }
        Instant windowStart = now.minus(WINDOW);
        failures.values().removeIf(recent -> {
            forgetBefore(recent, windowStart);
            return recent.isEmpty();
        });
        blockedUntil.values().removeIf(until -> !now.isBefore(until));
        nextSweep = now.plus(WINDOW);
    }

    private static void forgetBefore(Deque<Instant> recent, Instant start) {
        while (!recent.isEmpty() && recent.peekFirst().isBefore(start)) {
            recent.removeFirst();
        }
    }
}
