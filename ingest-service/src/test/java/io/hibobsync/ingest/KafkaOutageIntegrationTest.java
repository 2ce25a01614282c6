package io.hibobsync.ingest;

import static io.hibobsync.ingest.HibobWebhooks.SECRET;
import static io.hibobsync.ingest.HibobWebhooks.event;
import static io.hibobsync.ingest.HibobWebhooks.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hibobsync.kafka.test.KafkaTestBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With its broker gone, ingest-service must answer 503 (HiBob retries) and never a 2xx. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ingest.webhook-secret=" + SECRET,
        "ingest.publish-timeout=2s",
        "spring.kafka.producer.properties.max.block.ms=2000"})
class KafkaOutageIntegrationTest {

    // This test stops its broker, so it has one of its own.
    private static final KafkaTestBroker broker = KafkaTestBroker.start();
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", broker::bootstrapServers);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void answers_503_and_reports_down_while_the_broker_is_unreachable() throws Exception {
        byte[] before = event("employee.updated", "3332883854254932743");
        assertThat(post(before).statusCode()).isEqualTo(202);
        assertThat(get("/readyz").statusCode()).isEqualTo(200);

        broker.close();

        byte[] during = event("employee.updated", "3332883854254932744");
        long start = System.nanoTime();
        HttpResponse<String> answer = post(during);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).isPresent();
        assertThat(answer.body()).contains("\"reason\":\"kafka_unavailable\"");
        assertThat(took).isLessThan(Duration.ofSeconds(15));
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(get("/readyz").statusCode()).isEqualTo(503));
    }

    private HttpResponse<String> post(byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/hibob"))
                .header("Bob-Signature", sign(body, SECRET))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
