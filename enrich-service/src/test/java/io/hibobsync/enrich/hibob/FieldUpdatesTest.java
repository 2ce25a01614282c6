package io.hibobsync.enrich.hibob;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which of the fields a webhook's {@code data.fieldUpdates} names the sync maps (reading them, whatever their
 * undocumented shape, is {@code WebhookEnvelopeTest}'s, in contracts).
 */
class FieldUpdatesTest {

    private final EmployeeFields fields = new EmployeeFields(List.of("work.title"));

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
}
