package io.hibobsync.simulator.hibob;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * HiBob blocks a caller for 5 minutes after about 50 failed logins in 10 seconds. Simulated per remote
 * address, so a client that retries 401s in a loop finds out here rather than in production.
 */
final class AuthFailureGuard {

    static final Duration WINDOW = Duration.ofSeconds(10);
    static final Duration BLOCK = Duration.ofMinutes(5);

    private final int threshold;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new HashMap<>();
    private final Map<String, Instant> blockedUntil = new HashMap<>();

    AuthFailureGuard(int threshold, Clock clock) {
        this.threshold = threshold;
        this.clock = clock;
    }

    synchronized boolean isBlocked(String caller) {
        Instant until = blockedUntil.get(caller);
        if (until == null) {
            return false;
        }
        if (clock.instant().isBefore(until)) {
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
        var recent = failures.computeIfAbsent(caller, c -> new ArrayDeque<>());
        recent.addLast(now);
        while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(WINDOW))) {
            recent.removeFirst();
        }
        if (recent.size() >= threshold) {
            blockedUntil.put(caller, now.plus(BLOCK));
            recent.clear();
        }
    }

    synchronized void clear() {
        failures.clear();
        blockedUntil.clear();
    }
}
