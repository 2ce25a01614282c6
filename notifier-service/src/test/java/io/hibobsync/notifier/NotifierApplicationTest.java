package io.hibobsync.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.hibobsync.kafka.test.BrokerContents;
import io.hibobsync.kafka.test.KafkaTestBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** notifier-service starts against a broker without topic auto-creation: it declares its topics and reports Kafka UP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NotifierApplicationTest {

    private static final KafkaTestBroker broker = KafkaTestBroker.shared();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", broker::bootstrapServers);
    }

    @Test
    void declares_its_topics_and_reports_up_once_kafka_answers() throws Exception {
        assertThat(BrokerContents.topicNames(broker.bootstrapServers())).contains("hibob-webhooks-dlt", "hibob-employees-dlt");

        HttpResponse<String> health = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(new JsonMapper().readTree(health.body()).at("/components/kafka/status").asString()).isEqualTo("UP");
    }
}
