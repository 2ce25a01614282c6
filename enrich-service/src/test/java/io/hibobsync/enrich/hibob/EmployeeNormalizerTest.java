package io.hibobsync.enrich.hibob;

import static org.assertj.core.api.Assertions.assertThat;

import io.hibobsync.contracts.EmployeeSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** HiBob's mixed answer shapes all become the same snapshot. */
class EmployeeNormalizerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant RECEIVED = Instant.parse("2025-01-08T13:06:27.123Z");
    private static final Instant READ = Instant.parse("2025-01-08T13:06:47.456Z");
    private static final ReadTrigger TRIGGER =
            new ReadTrigger("3332883911884669725", "employee.updated", "d1", RECEIVED);

    private final EmployeeNormalizer normalizer = new EmployeeNormalizer(new EmployeeFields(List.of("work.title")));

    @Test
    void reads_the_nested_shape_of_the_spec() {
        EmployeeSnapshot snapshot = normalizer.normalize(fixture("employee-nested.json"), TRIGGER, READ);

        assertThat(snapshot.employeeId()).isEqualTo("3332883911884669725");
        assertThat(snapshot.event()).isEqualTo("employee.updated");
        assertThat(snapshot.deliveryId()).isEqualTo("d1");
        assertThat(snapshot.receivedAt()).isEqualTo(RECEIVED);
        assertThat(snapshot.readAt()).isEqualTo(READ);
        assertThat(snapshot.deleted()).isFalse();
        assertThat(snapshot.email()).isEqualTo("ada.lovelace@example.com");
        assertThat(snapshot.firstName()).isEqualTo("Ada");
        assertThat(snapshot.surname()).isEqualTo("Lovelace");
        assertThat(snapshot.displayName()).isEqualTo("Ada Lovelace");
        assertThat(snapshot.department()).isEqualTo("Engineering");
        assertThat(snapshot.site()).isEqualTo("London");
        assertThat(snapshot.managerId()).isEqualTo("3332883909410030364");
        assertThat(snapshot.managerEmail()).isEqualTo("zoe.clark@example.com");
        assertThat(snapshot.active()).isTrue();
        assertThat(snapshot.lifecycleStatus()).isEqualTo("Employed");
        assertThat(snapshot.startDate()).isEqualTo(LocalDate.of(2021, 3, 1));
        assertThat(snapshot.terminationDate()).isNull();
        assertThat(snapshot.fields())
                .containsEntry("root.id", "3332883911884669725")
                .containsEntry("work.title", "Engineer")
                .containsEntry("work.reportsTo", "3332883909410030364")
                .containsEntry("internal.status", "Active")
                // HiBob said "no value": known to be empty, unlike a field it left out.
                .containsEntry("internal.terminationDate", "");
    }

    @Test
    void reads_slash_keys_and_takes_list_names_from_the_human_readable_copy() {
        EmployeeSnapshot nested = normalizer.normalize(fixture("employee-nested.json"), TRIGGER, READ);
        EmployeeSnapshot slashed = normalizer.normalize(fixture("employee-slash-keys.json"), TRIGGER, READ);

        // The machine values of department and title are list item ids here.
        assertThat(slashed.department()).isEqualTo("Engineering");
        assertThat(slashed.fields()).containsEntry("work.title", "Engineer").containsEntry("work.department", "Engineering");
        assertThat(slashed.active()).as("ACTIVE compared case-insensitively").isTrue();
        assertThat(slashed.lifecycleStatus()).isEqualTo("employed");
        assertThat(slashed).usingRecursiveComparison()
                .ignoringFields("lifecycleStatus", "fields", "terminationDate")
                .isEqualTo(nested);
        // Dates stay in machine form, not the display form of the human-readable copy.
        assertThat(slashed.fields()).containsEntry("work.startDate", "2021-03-01");
    }

    @Test
    void leaves_out_what_the_service_user_may_not_read_and_keeps_leavers() {
        EmployeeSnapshot leaver = normalizer.normalize(fixture("employee-leaver-partly-readable.json"),
                new ReadTrigger("3332883911884669777", "employee.left", "d2", RECEIVED), READ);

        assertThat(leaver.active()).isFalse();
        assertThat(leaver.lifecycleStatus()).isEqualTo("Terminated");
        assertThat(leaver.terminationDate()).isEqualTo(LocalDate.of(2025, 3, 31));
        assertThat(leaver.startDate()).isEqualTo(LocalDate.of(2019, 6, 3));
        assertThat(leaver.department()).isNull();
        assertThat(leaver.site()).isNull();
        assertThat(leaver.managerId()).isNull();
        assertThat(leaver.fields()).doesNotContainKeys("work.department", "work.site", "work.title")
                .containsEntry("work.manager", "")
                .containsEntry("internal.terminationDate", "2025-03-31");
    }

    @Test
    void knows_nothing_of_the_status_when_hibob_withheld_it() {
        JsonNode employee = JSON.readTree("{\"id\":\"1\",\"email\":\"a@example.com\"}");

        EmployeeSnapshot snapshot = normalizer.normalize(employee, TRIGGER, READ);

        assertThat(snapshot.active()).isNull();
        assertThat(snapshot.fields()).containsOnlyKeys("root.id", "root.email");
    }

    @Test
    void finds_the_employee_id_in_either_shape() {
        assertThat(EmployeeNormalizer.employeeId(fixture("employee-nested.json"))).isEqualTo("3332883911884669725");
        assertThat(EmployeeNormalizer.employeeId(fixture("employee-slash-keys.json"))).isEqualTo("3332883911884669725");
        assertThat(EmployeeNormalizer.employeeId(JSON.readTree("{\"email\":\"x@example.com\"}"))).isNull();
    }

    @Test
    void tolerates_dates_in_display_or_date_time_form() {
        assertThat(EmployeeNormalizer.date("2021-03-01T00:00:00")).isEqualTo(LocalDate.of(2021, 3, 1));
        assertThat(EmployeeNormalizer.date("01/03/2021")).isEqualTo(LocalDate.of(2021, 3, 1));
        assertThat(EmployeeNormalizer.date("soon")).isNull();
    }

    private static JsonNode fixture(String name) {
        try (InputStream in = EmployeeNormalizerTest.class.getResourceAsStream("/hibob/" + name)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
