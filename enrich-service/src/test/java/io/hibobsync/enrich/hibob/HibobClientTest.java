package io.hibobsync.enrich.hibob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hibobsync.contracts.ConfigurationAlert;
import io.hibobsync.enrich.ApplicationYml;
import io.hibobsync.kafka.ThrottleIncident;
import io.hibobsync.simulator.hibob.HibobSimulator;
import io.hibobsync.simulator.hibob.NewHire;
import io.hibobsync.simulator.hibob.SimulatedEmployee;
import io.hibobsync.simulator.support.RecordedCall;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/** The HiBob client against the HiBob simulator: one search for many employees, and HiBob's errors typed. */
class HibobClientTest {

    private static final HibobSimulator hibob = HibobSimulator.start(Map.of(
            "HIBOB_SIM_SEED_EMPLOYEES", 5,
            "HIBOB_SIM_RANDOM_SEED", 41,
            "HIBOB_SIM_SEARCH_RATE_LIMIT_PER_MINUTE", 1000));

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<ConfigurationAlert> alerts = new CopyOnWriteArrayList<>();
    // Alerts at once: every 429 is a throttle that has lasted long enough.
    private final ThrottleIncident throttle = new ThrottleIncident("enrich-service", "HiBob", Duration.ZERO,
            Duration.ofMinutes(5), alerts::add, meters, Clock.systemUTC());
    private final HibobClient client = client(hibob.apiUrl(), hibob.serviceUserToken());

    @AfterAll
    static void stop() {
        hibob.close();
    }

    @BeforeEach
    void cleanSlate() {
        hibob.faults().clear();
        hibob.callLog().clear();
    }

    @Test
    void reads_many_employees_leavers_included_in_one_search() {
        SimulatedEmployee leaver = hibob.hire(NewHire.of("Grace", "Hopper").withDepartment("Engineering"));
        hibob.terminate(leaver.id());
        List<String> ids = new java.util.ArrayList<>(hibob.employees().stream().map(SimulatedEmployee::id).toList());

        List<JsonNode> employees = client.search(ids);

        assertThat(employees).extracting(EmployeeNormalizer::employeeId).containsExactlyInAnyOrderElementsOf(ids);
        List<RecordedCall> searches = hibob.callLog().calls("POST", "/v1/people/search");
        assertThat(searches).hasSize(1);
        assertThat(searches.get(0).body()).contains("\"showInactive\":true", "\"humanReadable\":\"APPEND\"",
                "\"fieldPath\":\"root.id\"", "\"work.reportsTo\"", "\"internal.lifecycleStatus\"");
        assertThat(meters.timer("hibob.api.calls", "endpoint", "people.search", "status", "200").count()).isEqualTo(1);
    }

    @Test
    void reads_every_employee_in_one_search_without_a_filter_one_at_a_time() {
        SimulatedEmployee leaver = hibob.hire(NewHire.of("Ada", "Leaving"));
        hibob.terminate(leaver.id());
        List<JsonNode> streamed = new java.util.ArrayList<>();

        int answered = client.everyone(streamed::add);

        assertThat(answered).isEqualTo(streamed.size());
        assertThat(streamed).extracting(EmployeeNormalizer::employeeId)
                .containsExactlyInAnyOrderElementsOf(hibob.employees().stream().map(SimulatedEmployee::id).toList());
        List<RecordedCall> searches = hibob.callLog().calls("POST", "/v1/people/search");
        assertThat(searches).singleElement().satisfies(call -> assertThat(call.body())
                .doesNotContain("filters")
                .contains("\"showInactive\":true", "\"humanReadable\":\"APPEND\"", "\"internal.lifecycleStatus\""));
        assertThat(meters.timer("hibob.api.calls", "endpoint", "people.search", "status", "200").count()).isEqualTo(1);
    }

    @Test
    void types_the_errors_of_the_search_of_every_employee_the_same_way() {
        hibob.faults().failNext(503, 1);
        assertThatThrownBy(() -> client.everyone(employee -> { }))
                .isInstanceOf(HibobUnavailableException.class)
                .hasMessageContaining("HiBob answered 503 to a search for every employee");
        hibob.faults().rateLimitNext(1, 2);
        assertThatThrownBy(() -> client.everyone(employee -> { }))
                .isInstanceOfSatisfying(HibobRateLimitedException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(2)));
        HibobClient wrongToken = client(hibob.apiUrl(), "revoked-t0k3n");
        assertThatThrownBy(() -> wrongToken.everyone(employee -> { }))
                .isInstanceOfSatisfying(HibobAuthException.class, e -> assertThat(e.status()).isEqualTo(401))
                .hasMessageContaining("every employee");
    }

    @Test
    void passes_on_what_the_caller_throws_for_an_employee() {
        IllegalStateException refused = new IllegalStateException("no room");

        assertThatThrownBy(() -> client.everyone(employee -> {
            throw refused;
        })).isSameAs(refused);
    }

    @Test
    void leaves_out_ids_hibob_does_not_know() {
        String known = hibob.employees().get(0).id();

        assertThat(client.search(List.of(known, "3332883999999999999")))
                .extracting(EmployeeNormalizer::employeeId).containsExactly(known);
    }

    @Test
    void says_which_variable_to_check_when_hibob_refuses_the_token_and_never_shows_it() {
        HibobClient wrongToken = client(hibob.apiUrl(), "revoked-t0k3n");

        assertThatThrownBy(() -> wrongToken.search(List.of("3332883911884669725")))
                .isInstanceOfSatisfying(HibobAuthException.class, e -> assertThat(e.status()).isEqualTo(401))
                .hasMessageContaining("401")
                .hasMessageContaining("HIBOB_SERVICE_USER_ID")
                .hasMessageContaining("employee 3332883911884669725")
                .hasMessageNotContaining("revoked-t0k3n");
    }

    @Test
    void reports_how_long_hibob_asked_to_wait_after_a_429() {
        hibob.faults().rateLimitNext(1, 3);

        assertThatThrownBy(() -> client.search(List.of(hibob.employees().get(0).id())))
                .isInstanceOfSatisfying(HibobRateLimitedException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(3)));
    }

    @Test
    void a_429_opens_the_throttle_incident_and_the_next_answer_ends_it() {
        String id = hibob.employees().get(0).id();
        hibob.faults().rateLimitNext(2, 3);

        assertThatThrownBy(() -> client.search(List.of(id))).isInstanceOf(HibobRateLimitedException.class);
        assertThatThrownBy(() -> client.search(List.of(id))).isInstanceOf(HibobRateLimitedException.class);

        assertThat(throttle.current()).hasValueSatisfying(incident -> {
            assertThat(incident.status()).isEqualTo(429);
            assertThat(incident.retryAfter()).isEqualTo(Duration.ofSeconds(3));
            assertThat(incident.answers()).isEqualTo(1);
        });
        assertThat(throttle.nextWait()).isEqualTo(Duration.ofSeconds(3));
        assertThat(meters.counter("sync.api.throttled.answers", "system", "HiBob").count()).isEqualTo(2);
        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.kind()).isEqualTo(ConfigurationAlert.Kind.THROTTLED);
            assertThat(alert.resolved()).isFalse();
            assertThat(alert.key()).isEqualTo("enrich-service/HiBob/throttled");
        });

        assertThat(client.search(List.of(id))).hasSize(1);

        assertThat(throttle.current()).isEmpty();
        assertThat(alerts).hasSize(2).last().satisfies(alert -> assertThat(alert.resolved()).isTrue());
    }

    @Test
    void any_answer_but_a_429_ends_a_throttle() {
        String id = hibob.employees().get(0).id();
        hibob.faults().rateLimitNext(1, 1);
        assertThatThrownBy(() -> client.search(List.of(id))).isInstanceOf(HibobRateLimitedException.class);
        assertThat(throttle.current()).isPresent();

        hibob.faults().failNext(503, 1);
        assertThatThrownBy(() -> client.search(List.of(id))).isInstanceOf(HibobUnavailableException.class);

        assertThat(throttle.current()).isEmpty();
    }

    @Test
    void tells_transient_from_permanent_errors() {
        String id = hibob.employees().get(0).id();
        hibob.faults().failNext(503, 1);
        assertThatThrownBy(() -> client.search(List.of(id))).isInstanceOf(HibobUnavailableException.class)
                .hasMessageContaining("503");
        hibob.faults().failNext(400, 1);
        assertThatThrownBy(() -> client.search(List.of(id))).isInstanceOf(HibobRejectedException.class)
                .hasMessageContaining("400");
        assertThat(meters.timer("hibob.api.calls", "endpoint", "people.search", "status", "503").count()).isEqualTo(1);
    }

    @Test
    void treats_no_answer_as_transient() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        HibobClient nobodyThere = client("http://localhost:" + closedPort + "/v1", "t");

        assertThatThrownBy(() -> nobodyThere.search(List.of("1"))).isInstanceOf(HibobUnavailableException.class)
                .hasMessageContaining("did not answer");
        assertThat(meters.timer("hibob.api.calls", "endpoint", "people.search", "status", "io_error").count())
                .isEqualTo(1);
    }

    @Test
    void computes_the_wait_from_whichever_header_hibob_sent() {
        Instant now = Instant.parse("2025-01-08T13:06:00Z");
        HttpHeaders reset = new HttpHeaders();
        reset.set("X-RateLimit-Reset", String.valueOf(now.plusSeconds(42).getEpochSecond()));
        HttpHeaders date = new HttpHeaders();
        date.set(HttpHeaders.RETRY_AFTER,
                DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(7).atZone(ZoneOffset.UTC)));

        assertThat(HibobClient.rateLimitWait(reset, now)).isEqualTo(Duration.ofSeconds(42));
        assertThat(HibobClient.rateLimitWait(date, now)).isEqualTo(Duration.ofSeconds(7));
        assertThat(HibobClient.rateLimitWait(new HttpHeaders(), now)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void takes_a_time_already_past_as_no_wait_and_still_waits_the_shortest() {
        Instant now = Instant.parse("2025-01-08T13:06:00Z");
        HttpHeaders past = new HttpHeaders();
        past.set(HttpHeaders.RETRY_AFTER,
                DateTimeFormatter.RFC_1123_DATE_TIME.format(now.minusSeconds(30).atZone(ZoneOffset.UTC)));
        HttpHeaders pastReset = new HttpHeaders();
        pastReset.set("X-RateLimit-Reset", String.valueOf(now.minusSeconds(30).getEpochSecond()));

        assertThat(HibobClient.askedWait(past, now)).isEqualTo(Duration.ZERO);
        assertThat(HibobClient.askedWait(pastReset, now)).isEqualTo(Duration.ZERO);
        assertThat(HibobClient.rateLimitWait(past, now)).isEqualTo(Duration.ofSeconds(1));
    }

    private HibobClient client(String apiUrl, String token) {
        var properties = ApplicationYml.bind(HibobProperties.class, Map.of("HIBOB_API_URL", apiUrl,
                "HIBOB_SERVICE_USER_ID", hibob.serviceUserId(), "HIBOB_SERVICE_USER_TOKEN", token,
                "HIBOB_SEARCH_BATCH_SIZE", "100", "HIBOB_READ_DELAY", "0s", "HIBOB_CONNECT_TIMEOUT", "2s",
                "HIBOB_READ_TIMEOUT", "5s"));
        return new HibobClient(RestClient.builder(), properties, ApplicationYml.bind(FullSyncProperties.class), meters,
                throttle);
    }
}
