package io.hibobsync.simulator.hibob.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.hibobsync.kafka.test.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuthFailureGuardTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-08T13:06:26.500Z"));

    @Test
    void a_caller_with_too_many_401s_in_ten_seconds_is_blocked_for_five_minutes() {
        var guard = new AuthFailureGuard(3, clock);

        guard.recordFailure("10.0.0.1");
        guard.recordFailure("10.0.0.1");
        clock.advance(Duration.ofSeconds(11));
        guard.recordFailure("10.0.0.1");
        guard.recordFailure("10.0.0.1");
        assertThat(guard.isBlocked("10.0.0.1")).as("the first failures are older than 10 s").isFalse();

        guard.recordFailure("10.0.0.1");
        assertThat(guard.isBlocked("10.0.0.1")).isTrue();
        assertThat(guard.isBlocked("10.0.0.2")).isFalse();
        clock.advance(Duration.ofMinutes(5));
        assertThat(guard.isBlocked("10.0.0.1")).isFalse();
    }

    @Test
    void a_threshold_of_zero_never_blocks() {
        var guard = new AuthFailureGuard(0, clock);

        for (int i = 0; i < 100; i++) {
            guard.recordFailure("10.0.0.1");
        }

        assertThat(guard.isBlocked("10.0.0.1")).isFalse();
    }

    @Test
    void forgets_failures_older_than_the_window_and_blocks_that_have_ended() {
        var guard = new AuthFailureGuard(3, clock);
        for (int i = 0; i < 1_000; i++) {
            guard.recordFailure("caller-" + i);
        }
        for (int i = 0; i < 3; i++) {
            guard.recordFailure("blocked-caller");
        }
        assertThat(guard.trackedCallers()).isEqualTo(1_001);

        clock.advance(AuthFailureGuard.WINDOW.plusSeconds(1));
        guard.recordFailure("newcomer");

        assertThat(guard.trackedCallers()).as("only the newcomer's failure and the block").isEqualTo(2);
        assertThat(guard.isBlocked("blocked-caller")).isTrue();

        clock.advance(AuthFailureGuard.BLOCK);

        assertThat(guard.isBlocked("anyone")).isFalse();
        assertThat(guard.trackedCallers()).isZero();
    }
}
