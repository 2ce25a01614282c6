package io.hibobsync.ingest;

import static io.hibobsync.ingest.HibobWebhooks.PREVIOUS_SECRET;
import static io.hibobsync.ingest.HibobWebhooks.SECRET;
import static io.hibobsync.ingest.HibobWebhooks.event;
import static io.hibobsync.ingest.HibobWebhooks.sign;
import static org.assertj.core.api.Assertions.assertThat;

import io.hibobsync.contracts.Topics;
import io.hibobsync.contracts.WebhookHeaders;
import io.hibobsync.kafka.test.KafkaTestBroker;
import io.hibobsync.kafka.test.BrokerContents;
import io.hibobsync.kafka.test.TopicReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** ingest-service end to end: HTTP in, a real Kafka broker out. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ingest.webhook-secret=" + SECRET,
        "ingest.webhook-secret-previous=" + PREVIOUS_SECRET,
        "ingest.max-body-size=16KB"})
class WebhookIngestIntegrationTest {

    private static final KafkaTestBroker broker = KafkaTestBroker.shared();
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", broker::bootstrapServers);
    }

    @Test
    void publishes_a_signed_webhook_byte_for_byte_keyed_by_the_employee_id() throws Exception {
        String employeeId = newEmployeeId();
        byte[] body = event("employee.updated", employeeId);
        Instant before = Instant.now();

        HttpResponse<String> answer = post(body, sign(body, SECRET));

        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(answer.body()).contains("\"employeeId\":\"" + employeeId + "\"");
        List<ConsumerRecord<String, byte[]>> records = publishedFor(employeeId, 1);
        assertThat(records).hasSize(1);
        ConsumerRecord<String, byte[]> record = records.get(0);
        assertThat(record.key()).isEqualTo(employeeId);
        assertThat(record.value()).isEqualTo(body);
        assertThat(header(record, WebhookHeaders.EVENT_TYPE)).isEqualTo("employee.updated");
        assertThat(header(record, WebhookHeaders.DELIVERY_ID))
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));
        assertThat(Instant.parse(header(record, WebhookHeaders.RECEIVED_AT))).isBetween(before, Instant.now());
    }

    @Test
    void accepts_the_previous_secret_during_a_rotation() throws Exception {
        String employeeId = newEmployeeId();
        byte[] body = event("employee.left", employeeId);

        assertThat(post(body, sign(body, PREVIOUS_SECRET)).statusCode()).isEqualTo(202);
        assertThat(publishedFor(employeeId, 1)).hasSize(1);
    }

    @Test
    void publishes_signed_event_types_the_sync_does_not_use() throws Exception {
        String employeeId = newEmployeeId();
        byte[] body = event("employee.temporaryLeave", employeeId);

        assertThat(post(body, sign(body, SECRET)).statusCode()).isEqualTo(202);
        assertThat(publishedFor(employeeId, 1)).hasSize(1);
    }

    @Test
    void publishes_signed_webhooks_byte_for_byte_whatever_the_fields_the_sync_does_not_use() throws Exception {
        Map<String, String> variants = Map.of(
                // companyId as a string, triggeredAt with an offset and a zone
                "employee.updated", """
                {"companyId": "636192", "type": "employee.updated", "triggeredBy": "system",
                 "triggeredAt": "2025-01-08T13:06:26.915906+01:00[Europe/Paris]", "version": "v2",
                 "data": {"employeeId": "%s", "fieldUpdates": [{"fieldId": "work.department"}]}}""",
                // triggeredAt in another format, companyId null
                "employee.inactivated", """
                {"companyId": null, "type": "employee.inactivated", "triggeredAt": "Wed, 8 Jan 2025 13:06:26 GMT",
                 "data": {"employeeId": "%s"}}""",
                // no companyId, no triggeredAt, no version, no triggeredBy
                "employee.joined", """
                {"type":"employee.joined","data":{"employeeId":"%s"}}""",
                // unknown fields, at the top and inside data, a numeric triggeredAt, a future version
                "table.entry.updated", """
                {"companyId": 636192, "type": "table.entry.updated", "triggeredAt": 1736341586915, "version": "v3",
                 "region": "eu", "links": {"self": "https://api.hibob.com/x"},
                 "data": {"employeeId": "%s", "tableId": "payroll", "id": 12, "extra": [null, true]}}""");
        for (Map.Entry<String, String> variant : variants.entrySet()) {
            String type = variant.getKey();
            String employeeId = newEmployeeId();
            byte[] body = variant.getValue().formatted(employeeId).getBytes(StandardCharsets.UTF_8);

            HttpResponse<String> answer = post(body, sign(body, SECRET));

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
            List<ConsumerRecord<String, byte[]>> records = publishedFor(employeeId, 1);
            assertThat(records).hasSize(1);
            assertThat(records.get(0).value()).isEqualTo(body);
            assertThat(header(records.get(0), WebhookHeaders.EVENT_TYPE)).isEqualTo(type);
        }
    }

    @Test
    void publishes_a_future_event_type_without_data_unkeyed_and_unchanged() throws Exception {
        byte[] body = ("{\"type\":\"payroll.run.completed\",\"companyId\":\"636192\",\"runId\":\""
                + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> answer = post(body, sign(body, SECRET));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        assertThat(answer.body()).contains("\"type\":\"payroll.run.completed\"", "\"employeeId\":null");
        List<ConsumerRecord<String, byte[]>> records = TopicReader.read(broker.bootstrapServers(),
                Topics.HIBOB_WEBHOOKS, record -> Arrays.equals(record.value(), body), 1, Duration.ofSeconds(10));
        assertThat(records).hasSize(1);
        ConsumerRecord<String, byte[]> record = records.get(0);
        assertThat(record.key()).isNull();
        assertThat(header(record, WebhookHeaders.EVENT_TYPE)).isEqualTo("payroll.run.completed");
        assertThat(header(record, WebhookHeaders.DELIVERY_ID))
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));
        assertThat(header(record, WebhookHeaders.RECEIVED_AT)).isNotBlank();
    }

    @Test
    void refuses_a_wrong_signature_and_publishes_nothing() throws Exception {
        byte[] body = event("employee.updated", newEmployeeId());
        assertRefusedWithoutPublishing(post(body, sign(body, "not-the-secret")), 401, "invalid_signature");
        assertRefusedWithoutPublishing(post(body, null), 401, "invalid_signature");
    }

    @Test
    void refuses_malformed_json_and_publishes_nothing() throws Exception {
        byte[] notJson = "{\"type\": \"employee.updated\",".getBytes(StandardCharsets.UTF_8);
        assertRefusedWithoutPublishing(post(notJson, sign(notJson, SECRET)), 400, "malformed");

        byte[] noEmployee = """
                {"companyId": 1, "type": "employee.updated", "triggeredAt": "2025-01-08T13:06:26.915906", "data": {}}"""
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> answer = post(noEmployee, sign(noEmployee, SECRET));
        assertRefusedWithoutPublishing(answer, 400, "malformed");
        assertThat(answer.body()).contains("data.employeeId");

        byte[] noData = "{\"type\":\"employee.updated\"}".getBytes(StandardCharsets.UTF_8);
        answer = post(noData, sign(noData, SECRET));
        assertRefusedWithoutPublishing(answer, 400, "malformed");
        assertThat(answer.body()).contains("data.employeeId");

        byte[] array = "[{\"type\":\"employee.updated\",\"data\":{\"employeeId\":\"1\"}}]"
                .getBytes(StandardCharsets.UTF_8);
        assertRefusedWithoutPublishing(post(array, sign(array, SECRET)), 400, "malformed");

        byte[] noType = "{\"companyId\":1,\"data\":{\"employeeId\":\"1\"}}".getBytes(StandardCharsets.UTF_8);
        answer = post(noType, sign(noType, SECRET));
        assertRefusedWithoutPublishing(answer, 400, "malformed");
        assertThat(answer.body()).contains("'type'");
    }

    @Test
    void refuses_unsigned_bodies_of_any_content_type_by_their_signature_never_with_a_server_error() throws Exception {
        byte[] body = ("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.json\"\r\n\r\n"
                + new String(event("employee.deleted", newEmployeeId()), StandardCharsets.UTF_8) + "\r\n--x")
                .getBytes(StandardCharsets.UTF_8);
        for (String contentType : List.of("multipart/form-data; boundary=x", "multipart/form-data; boundary=",
                "multipart/form-data; boundary=\"unclosed", "multipart/form-data", "application/x-www-form-urlencoded",
                "text/plain", "application/xml", "garbage")) {
            long before = recordCount();
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/webhooks/hibob"))
                    .header("Content-Type", contentType)
                    .header("Bob-Signature", sign(body, "not-the-secret"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as("%s: %s", contentType, answer.body()).isEqualTo(401);
            assertThat(recordCount()).as(contentType).isEqualTo(before);
        }
    }

    @Test
    void refuses_an_oversized_body_and_publishes_nothing() throws Exception {
        byte[] huge = ("{\"padding\":\"" + "x".repeat(20_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertRefusedWithoutPublishing(post(huge, sign(huge, SECRET)), 413, "body_too_large");
    }

    @Test
    void answers_the_ping_test_in_both_forms_and_publishes_nothing() throws Exception {
        long before = recordCount();
        assertThat(post("Ping test".getBytes(StandardCharsets.UTF_8), null).statusCode()).isEqualTo(200);
        assertThat(post("{\"text\":\"Ping test\"}".getBytes(StandardCharsets.UTF_8), null).statusCode()).isEqualTo(200);
        assertThat(recordCount()).isEqualTo(before);
    }

    @Test
    void exposes_prometheus_metrics_and_probes_with_kafka_in_readiness() throws Exception {
        byte[] body = event("employee.updated", newEmployeeId());
        post(body, sign(body, SECRET));

        String metrics = get(managementPort, "/actuator/prometheus").body();
        assertThat(metrics).contains("hibob_webhooks_received_total", "hibob_webhooks_published_total",
                "hibob_webhooks_publish_latency_seconds_bucket");
        assertThat(get(managementPort, "/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(get(managementPort, "/actuator/health").body()).contains("\"kafka\"", "\"clusterId\"");
    }

    @Test
    void serves_only_the_webhook_and_the_probes_on_the_public_port() throws Exception {
        assertThat(get(port, "/livez").statusCode()).isEqualTo(200);
        HttpResponse<String> readyz = get(port, "/readyz");
        assertThat(readyz.statusCode()).isEqualTo(200);
        assertThat(readyz.body()).as("the public probe shows no details").isEqualTo("{\"status\":\"UP\"}");
        assertThat(get(port, "/actuator/prometheus").statusCode()).isEqualTo(404);
        assertThat(get(port, "/actuator/health").statusCode()).isEqualTo(404);
        assertThat(get(port, "/actuator/env").statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void assertRefusedWithoutPublishing(HttpResponse<String> answer, int status, String reason) {
        assertThat(answer.statusCode()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(answer.body()).contains("\"reason\":\"" + reason + "\"");
    }

    // The answer comes after the broker acknowledged, so a refused request must have left the topic as it was.
    private HttpResponse<String> post(byte[] body, String signature) throws IOException, InterruptedException {
        long before = recordCount();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/hibob"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header("Bob-Signature", signature);
        }
        HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() >= 300) {
            assertThat(recordCount()).as("records on %s after a refused webhook", Topics.HIBOB_WEBHOOKS)
                    .isEqualTo(before);
        }
        return answer;
    }

    private static long recordCount() {
        return BrokerContents.recordCount(broker.bootstrapServers(), Topics.HIBOB_WEBHOOKS);
    }

    private static List<ConsumerRecord<String, byte[]>> publishedFor(String employeeId, int count) {
        return TopicReader.read(broker.bootstrapServers(), Topics.HIBOB_WEBHOOKS,
                record -> employeeId.equals(record.key()), count, Duration.ofSeconds(10));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String newEmployeeId() {
        return String.valueOf(3_000_000_000_000_000_000L + (UUID.randomUUID().getMostSignificantBits() >>> 2) % 1_000_000_000_000_000L);
    }
}
