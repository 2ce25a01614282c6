package io.hibobsync.simulator.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SimulatorSupportWebTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    SimulatorFaults faults;

    @Autowired
    CallLog callLog;

    @BeforeEach
    void reset() {
        faults.clear();
        callLog.clear();
    }

    @Test
    void records_method_path_query_body_status_and_redacted_authorization() throws Exception {
        var response = send(HttpRequest.newBuilder(uri("/api/echo?x=1&y=2"))
                .header("Authorization", "Bearer secret-token")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Ada\"}")));

        assertThat(response.body()).isEqualTo("{\"name\":\"Ada\"}");
        assertThat(callLog.calls()).singleElement().satisfies(call -> {
            assertThat(call.method()).isEqualTo("POST");
            assertThat(call.path()).isEqualTo("/api/echo");
            assertThat(call.query()).isEqualTo("x=1&y=2");
            assertThat(call.body()).isEqualTo("{\"name\":\"Ada\"}");
            assertThat(call.status()).isEqualTo(200);
            assertThat(call.header("Authorization")).isEqualTo("Bearer");
            assertThat(call.header("content-type")).isEqualTo("application/json");
        });
    }

    @Test
    void a_large_answer_is_recorded_by_the_time_the_client_has_it() throws Exception {
        var response = send(get("/api/large"));

        assertThat(response.body()).hasSize(1_000_000);
        assertThat(callLog.calls("GET", "/api/large")).singleElement()
                .satisfies(call -> assertThat(call.status()).isEqualTo(200));
    }

    @Test
    void an_unhandled_exception_is_recorded_as_500() throws Exception {
        var response = send(get("/api/boom"));

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(callLog.calls("GET", "/api/boom")).singleElement()
                .satisfies(call -> assertThat(call.status()).isEqualTo(500));
    }

    @Test
    void form_posts_keep_their_parameters_and_are_recorded() throws Exception {
        var response = send(HttpRequest.newBuilder(uri("/api/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&username=admin")));

        assertThat(response.body()).isEqualTo("{\"grant\":\"password\"}");
        assertThat(callLog.calls("POST", "/api/token")).singleElement()
                .satisfies(call -> assertThat(call.body()).contains("grant_type=password").contains("username=admin"));
    }

    @Test
    void secrets_in_recorded_bodies_are_redacted_in_the_log_and_over_http() throws Exception {
        send(HttpRequest.newBuilder(uri("/api/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "grant_type=password&client_id=sync&client_secret=the-secret&username=admin&password=the-password")));
        send(HttpRequest.newBuilder(uri("/api/echo")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"userid\":\"jane\",\"password\":\"the-password\"}")));

        assertThat(callLog.calls()).extracting(RecordedCall::body).containsExactly(
                "grant_type=password&client_id=sync&client_secret=***&username=admin&password=***",
                "{\"userid\":\"jane\",\"password\":\"***\"}");
        assertThat(send(get("/sim/calls")).body()).doesNotContain("the-secret").doesNotContain("the-password");
    }

    @Test
    void a_faulted_call_has_its_secrets_redacted_too() throws Exception {
        faults.failNext(503, 1);

        send(HttpRequest.newBuilder(uri("/api/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&password=the-password")));

        assertThat(callLog.calls()).singleElement()
                .satisfies(call -> assertThat(call.body()).isEqualTo("grant_type=password&password=***"));
    }

    @Test
    void fails_the_next_calls_with_a_json_body_then_recovers() throws Exception {
        faults.failNext(503, 2);

        var first = send(get("/api/hello"));
        var second = send(get("/api/hello"));
        var third = send(get("/api/hello"));

        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(first.body()).isEqualTo("{\"message\":\"simulated fault\"}");
        assertThat(first.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(third.statusCode()).isEqualTo(200);
        assertThat(callLog.calls()).extracting(RecordedCall::status).containsExactly(503, 503, 200);
    }

    @Test
    void a_faulted_call_still_has_its_body_recorded() throws Exception {
        faults.failNext(500, 1);

        send(HttpRequest.newBuilder(uri("/api/echo")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"lost\":true}")));

        assertThat(callLog.calls()).singleElement().satisfies(call -> {
            assertThat(call.status()).isEqualTo(500);
            assertThat(call.body()).isEqualTo("{\"lost\":true}");
        });
    }

    @Test
    void rate_limit_over_http_sends_retry_after() throws Exception {
        var set = send(HttpRequest.newBuilder(uri("/sim/faults")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"status\":429,\"count\":1,\"retryAfterSeconds\":7}")));

        var limited = send(get("/api/hello"));

        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(set.body()).contains("\"status\":429").contains("\"remainingCount\":1").contains("\"retryAfterSeconds\":7");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).contains("7");
        assertThat(send(get("/api/hello")).statusCode()).isEqualTo(200);
    }

    @Test
    void a_window_set_over_http_fails_calls_until_deleted() throws Exception {
        send(HttpRequest.newBuilder(uri("/sim/faults")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"status\":503,\"durationSeconds\":60}")));

        assertThat(send(get("/api/hello")).statusCode()).isEqualTo(503);
        assertThat(send(get("/sim/faults")).body()).contains("\"activeUntil\":");

        var cleared = send(HttpRequest.newBuilder(uri("/sim/faults")).DELETE());

        assertThat(cleared.statusCode()).isEqualTo(204);
        assertThat(send(get("/api/hello")).statusCode()).isEqualTo(200);
        assertThat(send(get("/sim/faults")).body()).contains("\"status\":null");
    }

    @Test
    void adds_latency() throws Exception {
        faults.addLatency(Duration.ofMillis(300));

        long started = System.nanoTime();
        var response = send(get("/api/hello"));
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(elapsedMs).isGreaterThanOrEqualTo(300);
    }

    @Test
    void a_delayed_answer_comes_whole_after_the_delay_while_the_call_was_handled_at_once() throws Exception {
        faults.delayAnswers(Duration.ofMillis(1500));
        int handledBefore = TestSimulatorConfiguration.EchoApi.large.get();

        long started = System.nanoTime();
        var answer = http.sendAsync(get("/api/large").build(), HttpResponse.BodyHandlers.ofString());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> TestSimulatorConfiguration.EchoApi.large.get() == handledBefore + 1);
        assertThat(answer).as("handled, not answered yet").isNotDone();

        var response = answer.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(1500);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).hasSize(1_000_000);

        faults.clear();
        started = System.nanoTime();
        assertThat(send(get("/api/hello")).statusCode()).isEqualTo(200);
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(1500);
    }

    @Test
    void admin_and_actuator_paths_are_neither_faulted_nor_logged() throws Exception {
        faults.failUntilCleared(503);

        assertThat(send(get("/sim/calls")).statusCode()).isEqualTo(200);
        assertThat(send(get("/actuator/health")).statusCode()).isEqualTo(200);
        assertThat(send(get("/sim/faults")).statusCode()).isEqualTo(200);
        assertThat(callLog.calls()).isEmpty();
    }

    @Test
    void call_log_over_http_filters_and_clears() throws Exception {
        send(get("/api/hello"));
        send(HttpRequest.newBuilder(uri("/api/echo")).POST(HttpRequest.BodyPublishers.ofString("x")));

        var posts = send(get("/sim/calls?method=POST&path=/api/"));
        var all = send(get("/sim/calls"));
        var cleared = send(HttpRequest.newBuilder(uri("/sim/calls")).DELETE());

        assertThat(posts.body()).contains("\"path\":\"/api/echo\"").doesNotContain("/api/hello");
        assertThat(all.body()).contains("/api/hello").contains("/api/echo");
        assertThat(cleared.statusCode()).isEqualTo(204);
        assertThat(callLog.calls()).isEmpty();
    }

    @Test
    void rejects_a_fault_without_status() throws Exception {
        var response = send(HttpRequest.newBuilder(uri("/sim/faults")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"count\":3}")));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("need a status");
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(uri(path)).GET();
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
