package io.hibobsync.simulator.hibob.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.hibobsync.kafka.test.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-08T13:06:26.500Z"));

    @Test
    void the_rate_limit_window_opens_with_the_first_call_and_lasts_a_minute() {
        var limiter = new RateLimiter(2, clock);

        var first = limiter.tryAcquire();
        limiter.tryAcquire();
        var refused = limiter.tryAcquire();
        clock.advance(Duration.ofSeconds(59));
        var stillRefused = limiter.tryAcquire();
        clock.advance(Duration.ofSeconds(1));
        var fresh = limiter.tryAcquire();

        assertThat(first).isEqualTo(new RateLimiter.Decision(true, 2, 1, Instant.parse("2025-01-08T13:07:27Z").getEpochSecond()));
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.remaining()).isZero();
        assertThat(stillRefused.allowed()).isFalse();
        assertThat(fresh.allowed()).isTrue();
        assertThat(fresh.remaining()).isEqualTo(1);
    }
}
