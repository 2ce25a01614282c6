package io.hibobsync.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hibobsync.contracts.WebhookEnvelope.InvalidWebhookException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The HiBob webhook envelope as every service reads it: what it takes from the body, and what it refuses. */
class WebhookEnvelopeTest {

    @Test
    void reads_the_type_the_employee_and_the_email_of_a_deletion() {
        WebhookEnvelope deleted = parse("{\"companyId\": 636192, \"type\": \" employee.deleted \", \"data\": "
                + "{\"employeeId\": 3332883854254932743, \"workEmail\": \" ada@example.com \"}}");

        assertThat(deleted).isEqualTo(new WebhookEnvelope("employee.deleted", "3332883854254932743",
                "ada@example.com", List.of()));
        assertThat(deleted.aboutAnEmployee()).isTrue();
        assertThat(parse("{\"type\": \"timeoff.request.created\", \"data\": [1, 2]}"))
                .isEqualTo(new WebhookEnvelope("timeoff.request.created", null));
        assertThat(parse("{\"type\": \"table.entry.created\", \"data\": {\"employeeId\": {\"id\": 1}}}").employeeId())
                .isNull();
    }

    @Test
    void reads_field_ids_given_as_strings_objects_or_keys_and_ignores_the_rest() {
        assertThat(fieldUpdates("[\"work.department\", \"/work/site\", \"email\", \"work.department\"]"))
                .containsExactly("work.department", "work.site", "root.email");
        assertThat(fieldUpdates("[{\"fieldId\": \"work.title\", \"fieldPath\": \"/work/title\"}, {\"id\": "
                + "\"internal.status\"}, {\"field\": \"work.startDate\"}, {\"fieldPath\": \"/internal/terminationDate\"}]"))
                .containsExactly("work.title", "internal.status", "work.startDate", "internal.terminationDate");
        assertThat(fieldUpdates("{\"work.reportsTo\": {\"old\": \"1\", \"new\": \"2\"}}")).containsExactly("work.reportsTo");
        assertThat(fieldUpdates("[42, null, {\"value\": \"x\"}, \"not a field id!\", [\"work.site\"]]")).isEmpty();
        assertThat(fieldUpdates("\"work.department\"")).isEmpty();
        assertThat(parse("{\"type\": \"employee.updated\", \"data\": {\"employeeId\": \"1\"}}").fieldUpdates()).isEmpty();
    }

    @Test
    void refuses_what_is_no_webhook_envelope() {
        assertThatThrownBy(() -> parse("not json")).isInstanceOf(InvalidWebhookException.class)
                .hasMessageStartingWith("The body is not valid JSON");
        assertThatThrownBy(() -> parse("{\"type\": \"employee.updated\"} trailing")).isInstanceOf(
                InvalidWebhookException.class).hasMessageStartingWith("The body is not valid JSON");
        assertThatThrownBy(() -> parse("[{\"type\": \"employee.updated\"}]")).isInstanceOf(InvalidWebhookException.class)
                .hasMessageContaining("JSON object");
        assertThatThrownBy(() -> parse("{\"type\": \" \", \"data\": {\"employeeId\": \"1\"}}"))
                .isInstanceOf(InvalidWebhookException.class).hasMessageContaining("'type'");
        assertThatThrownBy(() -> WebhookEnvelope.parse(new byte[] {'{', '"', (byte) 0xC3, '"', '}'}))
                .isInstanceOf(InvalidWebhookException.class).hasMessage("The body is not UTF-8 text.");
    }

    private static List<String> fieldUpdates(String json) {
        return parse("{\"type\": \"employee.updated\", \"data\": {\"employeeId\": \"1\", \"fieldUpdates\": " + json
                + "}}").fieldUpdates();
    }

    private static WebhookEnvelope parse(String body) {
        return WebhookEnvelope.parse(body.getBytes(StandardCharsets.UTF_8));
    }
}
