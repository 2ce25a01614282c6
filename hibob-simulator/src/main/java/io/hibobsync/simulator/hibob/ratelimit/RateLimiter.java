package io.hibobsync.simulator.hibob.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** HiBob's per-endpoint, per-minute limit: a window opens with the first call and lasts a minute. */
public final class RateLimiter {

    static final Duration WINDOW = Duration.ofMinutes(1);

    private final int limit;
    private final Clock clock;
    private Instant windowEnd = Instant.MIN;
    private int used;

    public RateLimiter(int limit, Clock clock) {
        this.limit = limit;
        this.clock = clock;
    }

    /**
     * @param allowed   whether this call may proceed
     * @param limit     calls allowed per window ({@code X-RateLimit-Limit})
     * @param remaining calls left in this window after this one ({@code X-RateLimit-Remaining})
     * @param reset     when the window ends, Unix epoch seconds ({@code X-RateLimit-Reset})
     */
    record Decision(boolean allowed, int limit, int remaining, long reset) {
    }

    synchronized Decision tryAcquire() {
        Instant now = clock.instant();
        if (!now.isBefore(windowEnd)) {
            windowEnd = now.plus(WINDOW);
            used = 0;
        }
        boolean allowed = used < limit;
        if (allowed) {
            used++;
        }
        long resetSeconds = windowEnd.getEpochSecond() + (windowEnd.getNano() > 0 ? 1 : 0);
        return new Decision(allowed, limit, limit - used, resetSeconds);
    }

    public synchronized void reset() {
        windowEnd = Instant.MIN;
        used = 0;
    }
}
