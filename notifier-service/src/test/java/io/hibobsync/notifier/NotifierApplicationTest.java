package io.hibobsync.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.hibobsync.contracts.Topics;
import io.hibobsync.kafka.test.BrokerContents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * notifier-service starts against a broker without topic auto-creation: it declares the topics it reads and reports
 * Kafka and the SMTP server UP (readiness), with its metrics for Prometheus.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class NotifierApplicationTest {

    private static final Smtp smtp = new Smtp();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        NotifierKafka.pointAt(registry, smtp, NotifierKafka.newGroupAtTheEnd());
        registry.add("notifier.mail-to", () -> "admin@example.com");
    }

    @AfterAll
    static void stopSmtp() {
        smtp.close();
    }

    @Test
    void declares_its_topics_and_reports_up_once_kafka_and_smtp_answer() throws Exception {
        assertThat(BrokerContents.topicNames(NotifierKafka.bootstrapServers()))
                .contains("hibob-webhooks-dlt", "hibob-employees-dlt", Topics.SYNC_ALERTS, Topics.SYNC_PLANS);

        HttpResponse<String> health = get(managementPort, "/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode components = new JsonMapper().readTree(health.body()).path("components");
        assertThat(components.at("/kafka/status").asString()).isEqualTo("UP");
        assertThat(components.at("/mail/status").asString()).isEqualTo("UP");
        assertThat(get(managementPort, "/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(get(managementPort, "/actuator/prometheus").body()).contains("notifier_smtp_failures_total",
                "notifier_failures_pending");
        // The public port answers the probes, and nothing of actuator.
        HttpResponse<String> readyz = get(port, "/readyz");
        assertThat(readyz.statusCode()).isEqualTo(200);
        assertThat(readyz.body()).as("no details publicly").doesNotContain("kafka");
        assertThat(get(port, "/livez").statusCode()).isEqualTo(200);
        assertThat(get(port, "/actuator/prometheus").statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
