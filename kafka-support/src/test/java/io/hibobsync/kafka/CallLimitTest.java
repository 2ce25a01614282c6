package io.hibobsync.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The sliding window every API budget of the sync rests on, on a clock the test moves. */
class CallLimitTest {

    private Instant now = Instant.parse("2025-01-08T13:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void never_more_than_the_limit_in_a_window_and_the_next_start_is_when_the_oldest_stops_counting() {
        CallLimit limit = new CallLimit(3, Duration.ofHours(1), clock);
        for (int i = 0; i < 3; i++) {
            assertThat(limit.take(Duration.ZERO)).isEqualTo(new CallLimit.Turn(true, Duration.ZERO));
            now = now.plus(Duration.ofMinutes(10));
        }

        assertThat(limit.remaining()).isZero();
        assertThat(limit.take(Duration.ofMinutes(1))).as("too long a wait: nothing taken")
                .isEqualTo(new CallLimit.Turn(false, Duration.ofMinutes(30)));
        assertThat(limit.untilNext()).isEqualTo(Duration.ofMinutes(30));
        now = now.plus(Duration.ofMinutes(30));
        assertThat(limit.take(Duration.ZERO).taken()).isTrue();
    }

    @Test
    void threads_asking_at_once_get_their_starts_in_line_first_come_first_served() {
        CallLimit limit = new CallLimit(2, Duration.ofMinutes(1), clock);
        limit.take(Duration.ZERO);
        limit.take(Duration.ZERO);

        CallLimit.Turn third = limit.take(Duration.ofMinutes(2));
        CallLimit.Turn fourth = limit.take(Duration.ofMinutes(2));

        assertThat(third).isEqualTo(new CallLimit.Turn(true, Duration.ofMinutes(1)));
        assertThat(fourth).as("with the third: two a minute").isEqualTo(new CallLimit.Turn(true, Duration.ofMinutes(1)));
        assertThat(limit.take(Duration.ofMinutes(5)).delay()).as("the minute after").isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void paced_the_rest_of_a_window_is_spread_evenly_once_its_share_is_taken() {
        CallLimit limit = new CallLimit(4, Duration.ofSeconds(60), clock).pacedFrom(0.5);
        assertThat(limit.take(Duration.ZERO).taken()).isTrue();
        assertThat(limit.take(Duration.ZERO).taken()).isTrue();

        // Two left, 60 s until the first two stop counting: 20 s apart.
        assertThat(limit.remaining()).isZero();
        assertThat(limit.take(Duration.ofMinutes(1)).delay()).isEqualTo(Duration.ofSeconds(20));
        assertThat(limit.take(Duration.ofMinutes(1)).delay()).isEqualTo(Duration.ofSeconds(40));
        assertThat(limit.take(Duration.ofMinutes(1)).delay()).as("the window is full until the first two expire")
                .isEqualTo(Duration.ofSeconds(60));
    }
}
