package io.hibobsync.writer.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.hibobsync.contracts.ConfigurationAlert;
import io.hibobsync.kafka.ThrottleIncident;
import io.hibobsync.kafka.test.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.backoff.BackOffExecution;

/** The writer's error handler never gives a record up while Docebo throttles us, however long that lasts. */
class ThrottledBackOffTest {

    @Test
    void keeps_a_record_waiting_through_forty_minutes_of_429_then_lets_it_through() {
        Instant start = Instant.parse("2026-12-01T09:00:00Z");
        MutableClock clock = new MutableClock(start);
        List<ConfigurationAlert> alerts = new ArrayList<>();
        ThrottleIncident throttle = new ThrottleIncident("docebo-writer-service", "Docebo", Duration.ofMinutes(30),
                Duration.ofMinutes(5), alerts::add, new SimpleMeterRegistry(), clock);
        BackOffExecution waits = WriterKafkaConfiguration.throttledBackOff(throttle).start();

        while (clock.instant().isBefore(start.plus(Duration.ofMinutes(40)))) {
            // What DoceboClient does on each 429; the error handler then asks how long to pause.
            throttle.throttled(429, null, "Docebo answered 429 to update user");
            long wait = waits.nextBackOff();
            assertThat(wait).as("never STOP, i.e. never dead-lettered").isNotEqualTo(BackOffExecution.STOP)
                    .isBetween(1L, Duration.ofMinutes(5).toMillis());
            clock.advance(Duration.ofMillis(wait));
        }
        throttle.cleared();

        assertThat(alerts).extracting(ConfigurationAlert::resolved).containsExactly(false, true);
        assertThat(alerts.get(0).kind()).isEqualTo(ConfigurationAlert.Kind.THROTTLED);
    }

    @Test
    void honours_a_retry_after_given_as_an_http_date() {
        ThrottleIncident throttle = new ThrottleIncident("docebo-writer-service", "Docebo", Duration.ofMinutes(30),
                Duration.ofMinutes(5), alert -> true, new SimpleMeterRegistry(), Clock.systemUTC());
        Instant now = Instant.now();
        Duration asked = io.hibobsync.kafka.RetryAfter.parse(
                java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(120).atZone(ZoneOffset.UTC)),
                now);
        throttle.throttled(429, asked, "slow down");

        assertThat(WriterKafkaConfiguration.throttledBackOff(throttle).start().nextBackOff())
                .isBetween(118_000L, 120_000L);
    }
}
