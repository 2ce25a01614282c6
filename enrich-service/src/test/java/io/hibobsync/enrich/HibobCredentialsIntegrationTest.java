package io.hibobsync.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hibobsync.contracts.ConfigurationAlert;
import io.hibobsync.contracts.EmployeeSnapshot;
import io.hibobsync.enrich.EnrichKafka.Sent;
import io.hibobsync.simulator.hibob.HibobSimulator;
import io.hibobsync.simulator.hibob.NewHire;
import io.hibobsync.simulator.hibob.SimulatedEmployee;
import io.hibobsync.simulator.support.RecordedCall;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * HiBob stops accepting our token: enrich-service stops, says so once, keeps every webhook, checks again now
 * and then (never in a loop: HiBob blocks callers after repeated 401s) and carries on once the token works.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hibob.read-delay=0s",
        "hibob.auth-retry-interval=1s",
        "enrich.retry.initial-interval=200ms",
        "enrich.retry.max-interval=1s",
        "enrich.retry.max-elapsed=3s"})
@DirtiesContext
class HibobCredentialsIntegrationTest {

    @RegisterExtension
    static final EnrichStack stack = EnrichStack.withHibob(3);
    private static final HibobSimulator hibob = stack.hibob();
    private static final EnrichKafka kafka = stack.kafka();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalManagementPort
    int managementPort;

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        stack.pointAt(registry);
    }

    @Test
    void pauses_alerts_once_and_resumes_without_losing_a_webhook_when_the_token_is_revoked_then_fixed()
            throws Exception {
        Instant start = Instant.now();
        SimulatedEmployee employee = hibob.hire(NewHire.of("Token", "Revoked"));
        acceptServiceUser(hibob.serviceUserId(), "a-token-enrich-does-not-have");

        Sent webhook = kafka.send("employee.updated", employee.id());
        Instant sent = Instant.now();

        List<ConfigurationAlert> raised = kafka.awaitAlerts(alert -> !alert.resolved(), 1);
        assertThat(raised).singleElement().satisfies(alert -> {
            assertThat(alert.service()).isEqualTo("enrich-service");
            assertThat(alert.system()).isEqualTo("HiBob");
            assertThat(alert.status()).isEqualTo(401);
            assertThat(alert.message()).contains("HIBOB_SERVICE_USER_ID").doesNotContain(hibob.serviceUserToken());
        });
        await().atMost(EnrichKafka.WAIT).untilAsserted(() -> assertThat(hibobHealth()).isEqualTo("DOWN"));
        // Checked again a few times, a retry interval apart, longer than the transient back-off's whole budget.
        await().atMost(EnrichKafka.WAIT).until(() -> refusedSearches(employee.id()).size() >= 5);
        List<RecordedCall> refused = refusedSearches(employee.id());
        assertThat(Duration.between(refused.get(0).time(), refused.get(refused.size() - 1).time()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(900L * (refused.size() - 1)));
        assertThat(kafka.alerts()).filteredOn(alert -> alert.at().isAfter(start)).hasSize(1);
        assertThat(kafka.deadLettersOf(employee.id())).isEmpty();

        acceptServiceUser(hibob.serviceUserId(), hibob.serviceUserToken());

        EmployeeSnapshot snapshot = kafka.awaitSnapshot(webhook);
        assertThat(snapshot.email()).isEqualTo(employee.email());
        assertThat(kafka.awaitAlerts(ConfigurationAlert::resolved, 1)).singleElement()
                .satisfies(alert -> assertThat(alert.at()).isAfter(sent));
        await().atMost(EnrichKafka.WAIT).untilAsserted(() -> assertThat(hibobHealth()).isEqualTo("UP"));
        assertThat(kafka.alerts()).filteredOn(alert -> alert.at().isAfter(start))
                .extracting(ConfigurationAlert::resolved).containsExactly(false, true);
        assertThat(kafka.deadLettersOf(employee.id())).isEmpty();
    }

    // This employee's: webhooks that other test classes left on the shared broker are refused too.
    private static List<RecordedCall> refusedSearches(String employeeId) {
        return hibob.callLog().calls("POST", "/v1/people/search").stream()
                .filter(call -> call.status() == 401 && call.body() != null && call.body().contains(employeeId))
                .toList();
    }

    // What an admin does in Bob when rotating the service user's token.
    private void acceptServiceUser(String id, String token) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(hibob.baseUrl() + "/sim/service-user"))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(
                                "{\"id\":\"" + id + "\",\"token\":\"" + token + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(204);
    }

    private String hibobHealth() throws Exception {
        HttpResponse<String> health = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(health.body()).at("/components/hibob/status").asString();
    }
}
