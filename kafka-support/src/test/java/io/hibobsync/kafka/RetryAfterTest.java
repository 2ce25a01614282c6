package io.hibobsync.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void reads_seconds() {
        assertThat(RetryAfter.parse(" 120 ", NOW)).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void reads_an_http_date_as_the_time_left_until_it() {
        assertThat(RetryAfter.parse("Tue, 01 Dec 2026 10:05:00 GMT", NOW)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void a_date_in_the_past_means_now() {
        assertThat(RetryAfter.parse("Tue, 01 Dec 2026 09:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
    }

    @Test
    void absent_or_unreadable_is_null() {
        assertThat(RetryAfter.parse(null, NOW)).isNull();
        assertThat(RetryAfter.parse("", NOW)).isNull();
        assertThat(RetryAfter.parse("soon", NOW)).isNull();
    }
}
