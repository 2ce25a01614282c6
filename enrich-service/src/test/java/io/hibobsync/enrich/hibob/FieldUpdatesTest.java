package io.hibobsync.enrich.hibob;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code data.fieldUpdates}, whatever its undocumented shape, and which of its fields the sync maps. */
class FieldUpdatesTest {

    private final EmployeeFields fields = new EmployeeFields(List.of("work.title"));

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
        assertThat(WebhookEnvelope.parse(("{\"type\": \"employee.updated\", \"data\": {\"employeeId\": \"1\"}}")
                .getBytes(StandardCharsets.UTF_8)).fieldUpdates()).isEmpty();
    }

    @Test
    void maps_hibob_field_ids_to_the_fields_the_snapshot_reads() {
        assertThat(fields.mappedTo("root.email")).containsExactly("root.email");
        assertThat(fields.mappedTo("work.department")).containsExactly("work.department");
        assertThat(fields.mappedTo("Work.Department")).containsExactly("work.department");
        assertThat(fields.mappedTo("work.reportsTo")).containsExactly("work.reportsTo", "work.manager");
        assertThat(fields.mappedTo("work.reportsTo.email")).containsExactly("work.reportsTo", "work.manager");
        assertThat(fields.mappedTo("work.siteId")).containsExactly("work.site");
        assertThat(fields.mappedTo("internal.lifecycleStatus")).containsExactly("internal.lifecycleStatus");
        assertThat(fields.mappedTo("work.title")).as("an extra field").containsExactly("work.title");
        assertThat(fields.mappedTo("payroll.salary")).isEmpty();
        assertThat(fields.mappedTo("root.id")).isEmpty();
        assertThat(new EmployeeFields(List.of()).mappedTo("work.title")).isEmpty();
    }

    private static List<String> fieldUpdates(String json) {
        String body = "{\"type\": \"employee.updated\", \"data\": {\"employeeId\": \"1\", \"fieldUpdates\": " + json + "}}";
        return WebhookEnvelope.parse(body.getBytes(StandardCharsets.UTF_8)).fieldUpdates();
    }
}
