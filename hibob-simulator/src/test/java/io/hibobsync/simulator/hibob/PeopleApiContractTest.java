package io.hibobsync.simulator.hibob;

import static io.hibobsync.simulator.hibob.SimulatorHttp.employees;
import static io.hibobsync.simulator.hibob.SimulatorHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

@HibobSimulatorContractTest
class PeopleApiContractTest extends ContractTestSupport {

    @Test
    void answers_401_with_an_empty_body_to_missing_or_wrong_credentials() {
        String body = "{\"fields\":[\"root.id\"]}";
        for (String authorization : new String[] {null, SimulatorHttp.basic("sync-service-user", "wrong"),
                SimulatorHttp.basic("someone-else", "sync-service-token"), "Bearer sync-service-token"}) {
            var response = http.postAs(authorization, "/v1/people/search", body);

            assertThat(response.statusCode()).as(String.valueOf(authorization)).isEqualTo(401);
            assertThat(response.body()).isEmpty();
        }
        assertThat(http.postAs(null, "/v1/people/" + anyActive().id(), body).statusCode()).isEqualTo(401);
    }

    @Test
    void search_without_filters_returns_every_active_employee_in_one_answer() {
        var response = http.search("{\"fields\":[\"root.id\",\"internal.status\"]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).propertyNames()).containsExactly("employees");
        var statuses = values(employees(response), e -> e.get("internal").get("status").asString());
        long active = admin.list().stream().filter(e -> "Active".equals(e.status())).count();
        assertThat(statuses).hasSize((int) active).containsOnly("Active");
        assertThat(active).isLessThan(50);
    }

    @Test
    void show_inactive_true_includes_leavers_and_future_hires() {
        var response = http.search("{\"fields\":[\"root.id\",\"internal.lifecycleStatus\"],\"showInactive\":true}");

        var lifecycles = values(employees(response), e -> e.get("internal").get("lifecycleStatus").asString());
        assertThat(lifecycles).hasSize(50).contains("Employed", "Hired", "Terminated");
    }

    @Test
    void filters_by_many_ids_in_one_call_and_still_hides_inactive_ones_unless_asked() {
        var active = admin.list().stream().filter(e -> "Active".equals(e.status())).limit(3).toList();
        var leaver = admin.list().stream().filter(e -> "Terminated".equals(e.lifecycleStatus())).findFirst().orElseThrow();
        var ids = new ArrayList<String>();
        active.forEach(e -> ids.add(e.id()));
        ids.add(leaver.id());
        String values = ids.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(","));

        var hidden = http.search("{\"fields\":[\"root.id\"],\"filters\":[{\"fieldPath\":\"root.id\",\"operator\":\"equals\",\"values\":[" + values + "]}]}");
        var shown = http.search("{\"fields\":[\"root.id\"],\"showInactive\":true,\"filters\":[{\"fieldPath\":\"root.id\",\"operator\":\"equals\",\"values\":[" + values + "]}]}");

        assertThat(values(employees(hidden), e -> e.get("id").asString()))
                .containsExactlyInAnyOrderElementsOf(active.stream().map(SimulatedEmployee::id).toList());
        assertThat(values(employees(shown), e -> e.get("id").asString())).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void filters_by_email_ignoring_case() {
        var someone = anyActive();

        var response = http.search("{\"fields\":[\"root.email\"],\"filters\":[{\"fieldPath\":\"root.email\",\"operator\":\"equals\",\"values\":[\""
                + someone.email().toUpperCase() + "\"]}]}");

        assertThat(values(employees(response), e -> e.get("email").asString())).containsExactly(someone.email());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"filters\":[]}",
            "{\"filters\":[{\"fieldPath\":\"root.id\",\"operator\":\"equals\",\"values\":[\"1\"]},{\"fieldPath\":\"root.email\",\"operator\":\"equals\",\"values\":[\"a@b.c\"]}]}",
            "{\"filters\":[{\"fieldPath\":\"work.department\",\"operator\":\"equals\",\"values\":[\"Sales\"]}]}",
            "{\"filters\":[{\"fieldPath\":\"root.id\",\"operator\":\"notEquals\",\"values\":[\"1\"]}]}",
            "{\"filters\":[{\"fieldPath\":\"root.id\",\"operator\":\"equals\",\"values\":[]}]}",
            "{\"filters\":[{\"fieldPath\":\"root.id\",\"operator\":\"equals\"}]}",
            "{\"filters\":{\"fieldPath\":\"root.id\"}}",
            "{\"fields\":\"root.id\"}",
            "{\"showInactive\":\"yes\"}",
            "{\"humanReadable\":\"BOTH\"}"})
    void rejects_what_hibob_rejects_with_key_and_error(String body) {
        var response = http.search(body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("key").asString()).isNotBlank();
        assertThat(json(response).get("error").asString()).isNotBlank();
    }

    @Test
    void rejects_more_than_400_fields() {
        String fields = IntStream.range(0, 401).mapToObj(i -> "\"work.custom" + i + "\"").collect(Collectors.joining(","));
        String exactly400 = IntStream.range(0, 400).mapToObj(i -> "\"work.custom" + i + "\"").collect(Collectors.joining(","));

        assertThat(http.search("{\"fields\":[" + fields + "]}").statusCode()).isEqualTo(400);
        assertThat(http.search("{\"fields\":[" + exactly400 + "]}").statusCode()).isEqualTo(200);
    }

    @Test
    void rejects_an_unreadable_body_with_an_error_message() {
        var response = http.search("{not json");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("errorMessage").asString()).contains("JSON");
    }

    @Test
    void answers_only_requested_fields_with_slash_keys_for_values_and_nulls_in_the_nested_form() {
        var someone = anyActive();

        var employee = readOne(someone.id(), "[\"root.id\",\"root.email\",\"work.department\",\"work.startDate\",\"internal.terminationDate\"]");

        assertThat(employee.get("id").asString()).isEqualTo(someone.id()).matches("\\d{19}");
        assertThat(employee.get("email").asString()).isEqualTo(someone.email());
        assertThat(employee.get("/root/id").get("value").asString()).isEqualTo(someone.id());
        assertThat(employee.get("/work/department").get("value").asString()).isEqualTo(someone.field("work.department"));
        assertThat(employee.get("work").get("department").asString()).isEqualTo(someone.field("work.department"));
        assertThat(employee.get("work").get("startDate").asString()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(employee.get("internal").has("terminationDate")).isTrue();
        assertThat(employee.get("internal").get("terminationDate").isNull()).isTrue();
        assertThat(employee.has("/internal/terminationDate")).isFalse();
        assertThat(employee.propertyNames()).containsExactlyInAnyOrder("id", "email", "/root/id", "/root/email",
                "/work/department", "/work/startDate", "work", "internal");
    }

    @Test
    void reports_to_is_the_manager_as_an_object_and_company_id_a_number() {
        var report = admin.list().stream().filter(e -> e.managerId() != null && "Active".equals(e.status()))
                .findFirst().orElseThrow();
        var manager = admin.find(report.managerId()).orElseThrow();

        var employee = readOne(report.id(), "[\"root.companyId\",\"work.manager\",\"work.reportsTo\",\"work.siteId\"]");

        assertThat(employee.get("companyId").isNumber()).isTrue();
        assertThat(employee.get("companyId").asLong()).isEqualTo(636192L);
        assertThat(employee.get("work").get("manager").asString()).isEqualTo(manager.id());
        var reportsTo = employee.get("work").get("reportsTo");
        assertThat(reportsTo.get("id").asString()).isEqualTo(manager.id());
        assertThat(reportsTo.get("email").asString()).isEqualTo(manager.email());
        assertThat(reportsTo.get("displayName").asString()).isEqualTo(manager.displayName());
        assertThat(reportsTo.get("firstName").asString()).isEqualTo(manager.field("root.firstName"));
        assertThat(reportsTo.get("surname").asString()).isEqualTo(manager.field("root.surname"));
        assertThat(employee.get("work").get("siteId").isNumber()).isTrue();
    }

    @Test
    void unknown_and_forbidden_fields_are_silently_missing() {
        var withAbout = admin.list().stream().filter(e -> e.field("about.about") != null).findFirst().orElseThrow();

        var employee = readOne(withAbout.id(), "[\"root.id\",\"about.about\",\"work.noSuchField\",\"payroll.salary\"]");

        assertThat(employee.propertyNames()).containsExactlyInAnyOrder("id", "/root/id");
    }

    @Test
    void human_readable_append_adds_display_values_beside_machine_values() {
        var someone = anyActive();
        String fields = "[\"root.id\",\"work.startDate\",\"internal.lifecycleStatus\"]";

        var employee = readOne(someone.id(), fields, "\"APPEND\"");

        String machineDate = employee.get("work").get("startDate").asString();
        assertThat(machineDate).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(employee.get("/work/startDate").get("value").asString()).isEqualTo(machineDate);
        var human = employee.get("humanReadable");
        assertThat(human.get("work").get("startDate").asString())
                .isEqualTo(machineDate.substring(8) + "/" + machineDate.substring(5, 7) + "/" + machineDate.substring(0, 4));
        assertThat(human.get("internal").get("lifecycleStatus").asString()).isEqualTo("Employed");
        assertThat(human.get("id").asString()).isEqualTo(someone.id());
    }

    @Test
    void human_readable_replace_answers_display_values_only() {
        var report = admin.list().stream().filter(e -> e.managerId() != null && "Active".equals(e.status()))
                .findFirst().orElseThrow();
        var manager = admin.find(report.managerId()).orElseThrow();

        var employee = readOne(report.id(), "[\"work.startDate\",\"work.reportsTo\"]", "\"REPLACE\"");

        assertThat(employee.get("work").get("startDate").asString()).matches("\\d{2}/\\d{2}/\\d{4}");
        assertThat(employee.get("/work/startDate").get("value").asString()).matches("\\d{2}/\\d{2}/\\d{4}");
        assertThat(employee.get("work").get("reportsTo").asString()).isEqualTo(manager.displayName());
        assertThat(employee.has("humanReadable")).isFalse();
    }

    @Test
    void human_readable_empty_string_means_machine_values() {
        var employee = readOne(anyActive().id(), "[\"work.startDate\"]", "\"\"");

        assertThat(employee.get("work").get("startDate").asString()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(employee.has("humanReadable")).isFalse();
    }

    @Test
    void reads_one_employee_by_id_or_email_even_when_inactive() {
        var leaver = admin.list().stream().filter(e -> "Terminated".equals(e.lifecycleStatus())).findFirst().orElseThrow();

        var byId = http.read(leaver.id(), "{\"fields\":[\"root.email\",\"internal.status\",\"internal.terminationDate\"]}");
        var byEmail = http.read(leaver.email(), "{\"fields\":[\"root.id\"]}");

        assertThat(byId.statusCode()).isEqualTo(200);
        assertThat(json(byId).get("email").asString()).isEqualTo(leaver.email());
        assertThat(json(byId).get("internal").get("status").asString()).isEqualTo("Inactive");
        assertThat(json(byId).get("internal").get("terminationDate").asString()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(json(byEmail).get("id").asString()).isEqualTo(leaver.id());
    }

    @Test
    void a_read_without_fields_answers_the_basic_fields() {
        var someone = anyActive();

        var response = http.read(someone.id(), "");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("displayName").asString()).isEqualTo(someone.displayName());
        assertThat(json(response).get("work").has("department")).isTrue();
    }

    @Test
    void reading_an_unknown_employee_is_404() {
        var response = http.read("1234567890123456789", "{\"fields\":[\"root.id\"]}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("errorMessage").asString()).contains("1234567890123456789");
    }

    @Test
    void every_answer_carries_the_rate_limit_headers() {
        var response = http.search("{\"fields\":[\"root.id\"]}");

        assertThat(response.headers().firstValue("X-RateLimit-Limit")).contains("50");
        assertThat(response.headers().firstValue("X-RateLimit-Remaining")).contains("49");
        assertThat(response.headers().firstValue("X-RateLimit-Reset")).isPresent();
    }

    private SimulatedEmployee anyActive() {
        return admin.list().stream().filter(e -> "Active".equals(e.status()) && e.managerId() != null)
                .findFirst().orElseThrow();
    }

    private JsonNode readOne(String id, String fields) {
        return readOne(id, fields, null);
    }

    /** Through the search endpoint, as the sync reads, filtered to one id. */
    private JsonNode readOne(String id, String fields, String humanReadable) {
        var response = http.search("{\"fields\":" + fields + ",\"showInactive\":true"
                + (humanReadable == null ? "" : ",\"humanReadable\":" + humanReadable)
                + ",\"filters\":[{\"fieldPath\":\"root.id\",\"operator\":\"equals\",\"values\":[\"" + id + "\"]}]}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var found = employees(response);
        assertThat(found.size()).isEqualTo(1);
        return found.get(0);
    }

    private static List<String> values(JsonNode array, java.util.function.Function<JsonNode, String> value) {
        return StreamSupport.stream(array.spliterator(), false).map(value).toList();
    }
}
