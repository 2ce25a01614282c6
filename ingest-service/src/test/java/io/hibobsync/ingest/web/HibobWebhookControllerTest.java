package io.hibobsync.ingest.web;

import static io.hibobsync.ingest.HibobWebhooks.SECRET;
import static io.hibobsync.ingest.HibobWebhooks.event;
import static io.hibobsync.ingest.HibobWebhooks.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.hibobsync.contracts.WebhookEnvelope;
import io.hibobsync.ingest.IngestProperties;
import io.hibobsync.ingest.hibob.WebhookSignatureVerifier;
import io.hibobsync.ingest.kafka.WebhookPublisher;
import io.hibobsync.ingest.kafka.WebhookPublisher.PublishFailedException;
import io.hibobsync.ingest.kafka.WebhookPublisher.PublishedWebhook;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** The webhook endpoint's edges, with Kafka left out: what is refused, and with which answer. */
@WebMvcTest(controllers = HibobWebhookController.class, properties = {
        "ingest.webhook-secret=" + SECRET,
        "ingest.max-body-size=1KB"})
@Import({RequestBodyReader.class, WebhookSignatureVerifier.class, WebhookMetrics.class,
        HibobWebhookControllerTest.Meters.class})
class HibobWebhookControllerTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    MeterRegistry meters;

    @MockitoBean
    WebhookPublisher publisher;

    @Test
    void answers_the_plain_text_ping_test_without_a_signature() throws Exception {
        mvc.perform(post("/webhooks/hibob").contentType(MediaType.TEXT_PLAIN).content("Ping test"))
                .andExpect(status().isOk());
        verifyNoInteractions(publisher);
    }

    @Test
    void answers_the_json_ping_test() throws Exception {
        mvc.perform(post("/webhooks/hibob").contentType(MediaType.APPLICATION_JSON).content("{\"text\": \"Ping test\"}"))
                .andExpect(status().isOk());
        verifyNoInteractions(publisher);
    }

    @Test
    void accepts_a_signed_event_once_kafka_has_it() throws Exception {
        byte[] body = event("employee.created", "3332883854254932743");
        when(publisher.publish(eq(body), any(), any(), any())).thenReturn(new PublishedWebhook("hibob-webhooks", 2, 41));

        signed(body)
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.employeeId").value("3332883854254932743"))
                .andExpect(jsonPath("$.type").value("employee.created"))
                .andExpect(jsonPath("$.offset").value(41));
        assertThat(meters.counter("hibob.webhooks.published", "type", "employee.created").count()).isEqualTo(1.0);
    }

    @Test
    void refuses_a_missing_signature() throws Exception {
        byte[] body = event("employee.updated", "1");
        send(body, null).andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.reason").value("invalid_signature"))
                .andExpect(jsonPath("$.detail").value("The Bob-Signature header is missing."));
        verifyNoInteractions(publisher);
    }

    @Test
    void refuses_a_signature_that_is_not_base64() throws Exception {
        send(event("employee.updated", "1"), "%%% not base64 %%%").andExpect(status().isUnauthorized());
        verifyNoInteractions(publisher);
    }

    @Test
    void refuses_a_signature_over_other_bytes() throws Exception {
        byte[] body = event("employee.updated", "1");
        byte[] tampered = event("employee.deleted", "1");
        send(tampered, sign(body, SECRET)).andExpect(status().isUnauthorized());
        verifyNoInteractions(publisher);
    }

    @Test
    void checks_the_signature_before_saying_anything_about_the_content() throws Exception {
        send("not json".getBytes(StandardCharsets.UTF_8), sign("other".getBytes(), SECRET))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void refuses_invalid_json() throws Exception {
        signed("{\"type\": ".getBytes(StandardCharsets.UTF_8))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.reason").value("malformed"))
                .andExpect(jsonPath("$.detail").value(startsWith("The body is not valid JSON")));
        verifyNoInteractions(publisher);
    }

    @Test
    void refuses_json_followed_by_more_content() throws Exception {
        byte[] body = (new String(event("employee.updated", "1"), StandardCharsets.UTF_8) + " {}").getBytes(StandardCharsets.UTF_8);
        signed(body).andExpect(status().isBadRequest());
        verifyNoInteractions(publisher);
    }

    @Test
    void refuses_bytes_that_are_not_utf8() throws Exception {
        byte[] body = {'{', '"', 't', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};
        signed(body).andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail").value("The body is not UTF-8 text."));
    }

    @Test
    void refuses_json_that_is_not_an_object() throws Exception {
        signed("[1,2]".getBytes(StandardCharsets.UTF_8)).andExpect(status().isBadRequest());
        verifyNoInteractions(publisher);
    }

    @Test
    void names_the_missing_envelope_field() throws Exception {
        signed(json("{\"companyId\":1,\"triggeredAt\":\"2025-01-08T13:06:26.915906\",\"data\":{\"employeeId\":\"1\"}}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail").value(containsString("'type'")));
        signed(json("{\"type\":\"table.entry.created\",\"companyId\":1,\"triggeredAt\":\"2025-01-08T13:06:26.915906\",\"data\":{\"tableId\":\"x\"}}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail").value(containsString("data.employeeId")));
        verifyNoInteractions(publisher);
    }

    @Test
    void accepts_an_event_about_no_employee_and_publishes_it_without_a_key() throws Exception {
        byte[] body = json("{\"type\":\"timeoff.request.created\",\"companyId\":\"636192\",\"triggeredAt\":\"2025-01-08T13:06:26Z\",\"data\":{}}");
        when(publisher.publish(eq(body), any(), any(), any())).thenReturn(new PublishedWebhook("hibob-webhooks", 0, 1));

        signed(body).andExpect(status().isAccepted()).andExpect(jsonPath("$.employeeId").value(nullValue()));
        verify(publisher).publish(eq(body), published("timeoff.request.created", null), any(), any());
    }

    /** Signed deliveries that differ from HiBob's documented example only in fields the sync does not use. */
    static Stream<Arguments> signedDeliveriesTheSyncCanUse() {
        String id = "3332883854254932743";
        return Stream.of(
                accepted("companyId as a string",
                        "{\"companyId\":\"636192\",\"type\":\"employee.updated\",\"triggeredAt\":\"2025-01-08T13:06:26.915906\",\"data\":{\"employeeId\":\"" + id + "\"}}",
                        "employee.updated", id),
                accepted("companyId null",
                        "{\"companyId\":null,\"type\":\"employee.updated\",\"triggeredAt\":\"2025-01-08T13:06:26.915906\",\"data\":{\"employeeId\":\"" + id + "\"}}",
                        "employee.updated", id),
                accepted("companyId missing",
                        "{\"type\":\"employee.updated\",\"triggeredAt\":\"2025-01-08T13:06:26.915906\",\"data\":{\"employeeId\":\"" + id + "\"}}",
                        "employee.updated", id),
                accepted("companyId an object",
                        "{\"companyId\":{\"id\":636192},\"type\":\"employee.updated\",\"data\":{\"employeeId\":\"" + id + "\"}}",
                        "employee.updated", id),
                accepted("triggeredAt with a zone",
                        "{\"companyId\":636192,\"type\":\"employee.updated\",\"triggeredAt\":\"2025-01-08T13:06:26.915906+02:00[Europe/Paris]\",\"data\":{\"employeeId\":\"" + id + "\"}}",
                        "employee.updated", id),
                accepted("triggeredAt in another format",
                        "{\"companyId\":636192,\"type\":\"employee.updated\",\"triggeredAt\":\"08/01/2025 13:06\",\"data\":{\"employeeId\":\"" + id + "\"}}",
                        "employee.updated", id),
                accepted("triggeredAt as epoch milliseconds",
                        "{\"companyId\":636192,\"type\":\"employee.updated\",\"triggeredAt\":1736341586915,\"data\":{\"employeeId\":\"" + id + "\"}}",
                        "employee.updated", id),
                accepted("triggeredAt missing",
                        "{\"companyId\":636192,\"type\":\"employee.updated\",\"data\":{\"employeeId\":\"" + id + "\"}}",
                        "employee.updated", id),
                accepted("no version, no triggeredBy, unknown fields",
                        "{\"companyId\":636192,\"type\":\"employee.left\",\"triggeredAt\":\"2025-01-08T13:06:26.915906\",\"schema\":3,\"tenant\":{\"region\":\"eu\"},\"data\":{\"employeeId\":\"" + id + "\",\"reason\":[\"x\"]}}",
                        "employee.left", id),
                accepted("version v3",
                        "{\"companyId\":636192,\"type\":\"employee.updated\",\"version\":\"v3\",\"triggeredBy\":\"system\",\"data\":{\"employeeId\":\"" + id + "\",\"fieldUpdates\":[{\"fieldId\":\"work.title\"}]}}",
                        "employee.updated", id),
                accepted("white space around type and employee id",
                        "{\"type\":\" employee.updated \",\"data\":{\"employeeId\":\" " + id + " \"}}",
                        "employee.updated", id),
                accepted("a future event type without data",
                        "{\"companyId\":636192,\"type\":\"payroll.run.completed\",\"triggeredAt\":\"2031-05-01T00:00:00Z\",\"version\":\"v2\"}",
                        "payroll.run.completed", null),
                accepted("a non-employee event whose data is not an object",
                        "{\"type\":\"task.completed\",\"data\":[1,2,3]}",
                        "task.completed", null),
                accepted("a non-employee event that names an employee is keyed by them",
                        "{\"type\":\"timeoff.request.approved\",\"data\":{\"employeeId\":" + id + ",\"requestId\":7}}",
                        "timeoff.request.approved", id),
                accepted("a non-employee event with an unusable employee id is published without a key",
                        "{\"type\":\"timeoff.request.approved\",\"data\":{\"employeeId\":{\"id\":1}}}",
                        "timeoff.request.approved", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signedDeliveriesTheSyncCanUse")
    void accepts_and_publishes_unchanged_whatever_the_fields_the_sync_does_not_use(String description, String text,
            String type, String employeeId) throws Exception {
        byte[] body = json(text);
        when(publisher.publish(eq(body), any(), any(), any())).thenReturn(new PublishedWebhook("hibob-webhooks", 0, 1));

        signed(body).andExpect(status().isAccepted())
                .andExpect(jsonPath("$.type").value(type))
                .andExpect(jsonPath("$.employeeId").value(employeeId == null ? nullValue() : equalTo(employeeId)));
        verify(publisher).publish(eq(body), published(type, employeeId), any(), any());
    }

    static Stream<Arguments> signedBodiesNobodyCanUse() {
        return Stream.of(
                refused("a JSON array", "[{\"type\":\"employee.updated\",\"data\":{\"employeeId\":\"1\"}}]", "JSON object"),
                refused("a JSON string", "\"employee.updated\"", "JSON object"),
                refused("a JSON number", "42", "JSON object"),
                refused("JSON null", "null", "JSON object"),
                refused("no type", "{\"companyId\":1,\"data\":{\"employeeId\":\"1\"}}", "'type'"),
                refused("type null", "{\"type\":null,\"data\":{\"employeeId\":\"1\"}}", "'type'"),
                refused("type blank", "{\"type\":\"  \",\"data\":{\"employeeId\":\"1\"}}", "'type'"),
                refused("type a number", "{\"type\":7,\"data\":{\"employeeId\":\"1\"}}", "'type'"),
                refused("type an object", "{\"type\":{\"name\":\"employee.updated\"},\"data\":{\"employeeId\":\"1\"}}", "'type'"),
                refused("employee.updated without data", "{\"companyId\":1,\"type\":\"employee.updated\"}", "data.employeeId"),
                refused("employee.updated with empty data", "{\"type\":\"employee.updated\",\"data\":{}}", "data.employeeId"),
                refused("employee.updated with data not an object", "{\"type\":\"employee.updated\",\"data\":\"1\"}", "data.employeeId"),
                refused("employee.updated with a blank employee id", "{\"type\":\"employee.updated\",\"data\":{\"employeeId\":\" \"}}", "data.employeeId"),
                refused("employee.updated with a null employee id", "{\"type\":\"employee.updated\",\"data\":{\"employeeId\":null}}", "data.employeeId"),
                refused("employee.updated with an object employee id", "{\"type\":\"employee.updated\",\"data\":{\"employeeId\":{\"id\":1}}}", "data.employeeId"),
                refused("employee.created with a fractional employee id", "{\"type\":\"employee.created\",\"data\":{\"employeeId\":1.5}}", "data.employeeId"),
                refused("employee.deleted with only an email", "{\"type\":\"employee.deleted\",\"data\":{\"email\":\"a@example.com\"}}", "data.employeeId"),
                refused("table.entry.updated without employee id", "{\"type\":\"table.entry.updated\",\"data\":{\"tableId\":\"x\",\"id\":3}}", "data.employeeId"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signedBodiesNobodyCanUse")
    void refuses_a_signed_body_nobody_downstream_could_use(String description, String text, String detail)
            throws Exception {
        signed(json(text)).andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.reason").value("malformed"))
                .andExpect(jsonPath("$.detail").value(containsString(detail)));
        verifyNoInteractions(publisher);
    }

    @Test
    void accepts_a_numeric_employee_id() throws Exception {
        byte[] body = json("{\"type\":\"employee.updated\",\"companyId\":1,\"triggeredAt\":\"2025-01-08T13:06:26.915906\",\"data\":{\"employeeId\":3332883854254932743}}");
        when(publisher.publish(eq(body), any(), any(), any())).thenReturn(new PublishedWebhook("hibob-webhooks", 0, 1));

        signed(body).andExpect(status().isAccepted()).andExpect(jsonPath("$.employeeId").value("3332883854254932743"));
    }

    @Test
    void refuses_a_body_over_the_size_cap() throws Exception {
        byte[] body = json("{\"padding\":\"" + "x".repeat(2000) + "\"}");
        signed(body).andExpect(status().isContentTooLarge()).andExpect(jsonPath("$.reason").value("body_too_large"));
        verifyNoInteractions(publisher);
    }

    @Test
    void answers_503_when_kafka_does_not_acknowledge() throws Exception {
        byte[] body = event("employee.updated", "3332883854254932743");
        when(publisher.publish(eq(body), any(), any(), any()))
                .thenThrow(new PublishFailedException("Kafka did not acknowledge the webhook within 5000 ms", null));

        signed(body).andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(jsonPath("$.reason").value("kafka_unavailable"));
        assertThat(meters.counter("hibob.webhooks.rejected", "reason", "kafka_unavailable").count()).isEqualTo(1.0);
    }

    private ResultActions signed(byte[] body) throws Exception {
        return send(body, sign(body, SECRET));
    }

    private ResultActions send(byte[] body, String signature) throws Exception {
        var request = post("/webhooks/hibob").contentType(MediaType.APPLICATION_JSON).content(body);
        if (signature != null) {
            request.header("Bob-Signature", signature);
        }
        return mvc.perform(request);
    }

    private static Arguments accepted(String description, String body, String type, String employeeId) {
        return Arguments.of(description, body, type, employeeId);
    }

    private static Arguments refused(String description, String body, String detail) {
        return Arguments.of(description, body, detail);
    }

    /** The envelope published: what ingest reads of it is the type and the employee (the record's key). */
    private static WebhookEnvelope published(String type, String employeeId) {
        return argThat(envelope -> envelope.type().equals(type) && Objects.equals(envelope.employeeId(), employeeId));
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @TestConfiguration
    @EnableConfigurationProperties(IngestProperties.class)
    static class Meters {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }
}
