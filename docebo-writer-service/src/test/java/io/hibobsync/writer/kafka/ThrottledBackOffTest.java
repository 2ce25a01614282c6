package io.hibobsync.writer.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.hibobsync.contracts.ConfigurationAlert;
import io.hibobsync.kafka.ThrottleIncident;
import io.hibobsync.kafka.test.MutableClock;
import io.hibobsync.simulator.docebo.DoceboSimulator;
import io.hibobsync.writer.docebo.BatchRow;
import io.hibobsync.writer.docebo.DoceboCallBudget;
import io.hibobsync.writer.docebo.DoceboClient;
import io.hibobsync.writer.docebo.DoceboProperties;
import io.hibobsync.writer.docebo.DoceboThrottledException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The writer's error handler never gives a record up while Docebo throttles us, however long that lasts: the real
 * client against the Docebo simulator answering 429, the wait the error handler would choose, on a test clock.
 */
class ThrottledBackOffTest {

    private static final DoceboSimulator docebo = DoceboSimulator.start(Map.of("DOCEBO_SIM_BATCH_PROCESSING_MS", 0));
    private static final WriterRetryProperties RETRY = new WriterRetryProperties(Duration.ofMinutes(10),
            Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofMinutes(5));

    @AfterAll
    static void stopDocebo() {
        docebo.close();
    }

    @Test
    void keeps_a_write_waiting_through_forty_minutes_of_429_alerting_once_then_writes_it() {
        Instant start = Instant.parse("2026-12-01T09:00:00Z");
        MutableClock clock = new MutableClock(start);
        List<ConfigurationAlert> alerts = new ArrayList<>();
        ThrottleIncident throttle = new ThrottleIncident("docebo-writer-service", "Docebo", RETRY.throttleAlertAfter(),
                RETRY.throttleMaxBackOff(), alerts::add, new SimpleMeterRegistry(), clock);
        DoceboClient client = client(throttle);
        client.signIn();
        List<Map<String, Object>> hire = List.of(Map.of("username", "throttled.hire@example.com",
                "email", "throttled.hire@example.com", "firstname", "Ada", "lastname", "Lovelace",
                "password", "Aa1!" + System.nanoTime()));
        docebo.faults().failUntilCleared(429);

        int attempts = 0;
        Instant alerted = null;
        while (clock.instant().isBefore(start.plus(Duration.ofMinutes(40)))) {
            Throwable failure = catchThrowable(() -> client.importUsers(hire));
            assertThat(failure).isInstanceOf(DoceboThrottledException.class);
            // What the listener throws for a failed poll, and the wait the error handler then chooses.
            BackOff backOff = WriterKafkaConfiguration.backOffFor(
                    new BatchListenerFailedException(failure.getMessage(), failure, 0), RETRY, throttle, null);
            long wait = backOff.start().nextBackOff();
            assertThat(wait).as("never STOP, i.e. never dead-lettered").isNotEqualTo(BackOffExecution.STOP)
                    .isBetween(1L, RETRY.throttleMaxBackOff().toMillis());
            if (alerted == null && !alerts.isEmpty()) {
                alerted = clock.instant();
            }
            clock.advance(Duration.ofMillis(wait));
            attempts++;
        }
        assertThat(alerted).as("alerted once it lasted 30 min").isAfterOrEqualTo(start.plus(Duration.ofMinutes(30)));
        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.kind()).isEqualTo(ConfigurationAlert.Kind.THROTTLED);
            assertThat(alert.resolved()).isFalse();
        });
        docebo.faults().clear();

        List<BatchRow> rows = client.importUsers(hire);

        assertThat(rows).singleElement().satisfies(row -> assertThat(row.success()).isTrue());
        assertThat(docebo.user("throttled.hire@example.com")).isPresent();
        assertThat(alerts).extracting(ConfigurationAlert::resolved).containsExactly(false, true);
        assertThat(attempts).as("a capped back-off, not a busy loop").isBetween(10, 40);
    }

    @Test
    void honours_a_retry_after_given_as_an_http_date() {
        ThrottleIncident throttle = new ThrottleIncident("docebo-writer-service", "Docebo", Duration.ofMinutes(30),
                Duration.ofMinutes(5), alert -> true, new SimpleMeterRegistry(), Clock.systemUTC());
        Instant now = Instant.now();
        Duration asked = io.hibobsync.kafka.RetryAfter.parse(
                DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(120).atZone(ZoneOffset.UTC)), now);
        throttle.throttled(429, asked, "slow down");

        assertThat(WriterKafkaConfiguration.backOffFor(new DoceboThrottledException("Docebo answered 429: slow down", asked), RETRY,
                throttle, null).start().nextBackOff()).isBetween(118_000L, 120_000L);
    }

    private static DoceboClient client(ThrottleIncident throttle) {
        DoceboProperties settings = new DoceboProperties(docebo.baseUrl(), docebo.clientId(), docebo.clientSecret(),
                docebo.username(), docebo.password(), 200, Duration.ofSeconds(10), 100, 1000, 20,
                Duration.ofMinutes(10));
        return new DoceboClient(RestClient.builder(), settings, JsonMapper.builder().findAndAddModules().build(),
                throttle, new DoceboCallBudget(settings.callsPerHour(), 0.9, Clock.systemUTC(),
                        new SimpleMeterRegistry()));
    }
}
