package io.hibobsync.enrich.hibob;

import java.time.Duration;
import java.util.Collection;

/**
 * HiBob answered 429: too many searches this minute (50 allowed). {@link #retryAfter()} is how long HiBob asked
 * us to wait, from {@code Retry-After} or {@code X-RateLimit-Reset}.
 */
public class HibobRateLimitedException extends HibobException {

    private final Duration retryAfter;

    public HibobRateLimitedException(String message, Collection<String> employeeIds, Duration retryAfter) {
        super(message, employeeIds, null);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
