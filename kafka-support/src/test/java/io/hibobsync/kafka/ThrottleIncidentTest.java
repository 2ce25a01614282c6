package io.hibobsync.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.hibobsync.contracts.ConfigurationAlert;
import io.hibobsync.contracts.ConfigurationAlert.Kind;
import io.hibobsync.kafka.test.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThrottleIncidentTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
    private final List<ConfigurationAlert> alerts = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ThrottleIncident throttle = new ThrottleIncident("docebo-writer-service", "Docebo",
            Duration.ofMinutes(30), Duration.ofMinutes(5), alerts::add, meters, clock);

    @Test
    void waits_through_forty_minutes_of_429_alerting_once_after_thirty_then_resolves() {
        Instant start = clock.instant();
        int tries = 0;
        while (Duration.between(start, clock.instant()).compareTo(Duration.ofMinutes(40)) < 0) {
            throttle.throttled(429, null, "Docebo answered 429 to search users");
            Duration wait = throttle.nextWait();
            assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(5));
            if (Duration.between(start, clock.instant()).compareTo(Duration.ofMinutes(30)) < 0) {
                assertThat(alerts).as("no alert before 30 min").isEmpty();
            }
            clock.advance(wait);
            tries++;
        }
        assertThat(tries).as("capped exponential back-off: a handful of tries, not thousands").isBetween(10, 40);
        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.kind()).isEqualTo(Kind.THROTTLED);
            assertThat(alert.resolved()).isFalse();
            assertThat(alert.status()).isEqualTo(429);
            assertThat(alert.key()).isEqualTo("docebo-writer-service/Docebo/throttled");
            assertThat(alert.message()).contains("none is lost");
        });
        assertThat(meters.get("sync.api.throttled.seconds").gauge().value()).isGreaterThanOrEqualTo(40 * 60);

        throttle.cleared();

        assertThat(alerts).hasSize(2);
        assertThat(alerts.get(1).resolved()).isTrue();
        assertThat(alerts.get(1).kind()).isEqualTo(Kind.THROTTLED);
        assertThat(throttle.current()).isEmpty();
        assertThat(meters.get("sync.api.throttled.seconds").gauge().value()).isZero();
        assertThat(meters.get("sync.api.throttled.answers").counter().count()).isEqualTo(tries);
    }

    @Test
    void a_short_throttle_is_not_mailed_at_all() {
        throttle.throttled(503, null, "Docebo answered 503");
        clock.advance(throttle.nextWait());
        throttle.cleared();

        assertThat(alerts).isEmpty();
    }

    @Test
    void waits_what_retry_after_asks_up_to_an_hour() {
        throttle.throttled(429, Duration.ofSeconds(90), "slow down");
        assertThat(throttle.nextWait()).isEqualTo(Duration.ofSeconds(90));

        throttle.throttled(429, Duration.ofHours(5), "slow down a lot");
        assertThat(throttle.nextWait()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void an_alert_kafka_did_not_take_is_sent_again_on_the_next_answer() {
        List<ConfigurationAlert> taken = new ArrayList<>();
        boolean[] kafkaUp = {false};
        ThrottleIncident flaky = new ThrottleIncident("enrich-service", "HiBob", Duration.ofMinutes(1),
                Duration.ofMinutes(5), alert -> kafkaUp[0] && taken.add(alert), new SimpleMeterRegistry(), clock);
        flaky.throttled(429, null, "first");
        clock.advance(Duration.ofMinutes(2));
        flaky.throttled(429, null, "second");
        assertThat(taken).isEmpty();

        kafkaUp[0] = true;
        flaky.throttled(429, null, "third");

        assertThat(taken).singleElement().extracting(ConfigurationAlert::resolved).isEqualTo(false);
    }
}
