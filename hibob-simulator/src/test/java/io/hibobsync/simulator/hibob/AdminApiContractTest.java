package io.hibobsync.simulator.hibob;

import static io.hibobsync.simulator.hibob.SimulatorHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

@HibobSimulatorContractTest
class AdminApiContractTest extends ContractTestSupport {

    @Test
    void lists_the_seeded_company_as_json_and_as_a_table() {
        var json = json(http.get("/sim/employees"));
        var table = http.get("/sim/employees?format=table");

        assertThat(json.size()).isEqualTo(50);
        assertThat(json.get(0).get("id").asString()).matches("\\d{19}");
        assertThat(json.get(0).get("fields").get("work.title").asString()).isEqualTo("Chief Executive Officer");
        assertThat(table.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(table.body()).contains("EMAIL").contains(json.get(0).get("id").asString()).contains("50 employees");
    }

    @Test
    void gets_one_employee_by_id_or_email_and_404_when_unknown() {
        var someone = admin.list().get(3);

        assertThat(json(http.get("/sim/employees/" + someone.id())).get("id").asString()).isEqualTo(someone.id());
        assertThat(json(http.get("/sim/employees/" + someone.email())).get("id").asString()).isEqualTo(someone.id());
        var unknown = http.get("/sim/employees/42");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("message").asString()).contains("42");
    }

    @Test
    void a_hire_gets_an_id_the_site_details_and_the_manager() {
        var ceo = admin.list().get(0);

        var response = http.post("/sim/employees", "{\"firstName\":\"Ada\",\"surname\":\"Lovelace\",\"department\":\"Research\","
                + "\"title\":\"Analyst\",\"site\":\"Tel Aviv\",\"manager\":\"" + ceo.id() + "\",\"fields\":{\"about.about\":\"Poet of science.\"}}");

        assertThat(response.statusCode()).isEqualTo(201);
        var fields = json(response).get("employee").get("fields");
        assertThat(fields.get("root.email").asString()).isEqualTo("ada.lovelace@example.com");
        assertThat(fields.get("root.displayName").asString()).isEqualTo("Ada Lovelace");
        assertThat(fields.get("work.department").asString()).isEqualTo("Research");
        assertThat(fields.get("work.site").asString()).isEqualTo("Tel Aviv");
        assertThat(fields.get("work.siteId").asLong()).isEqualTo(2510070L);
        assertThat(fields.get("work.manager").asString()).isEqualTo(ceo.id());
        assertThat(fields.get("work.employeeIdInCompany").asLong()).isEqualTo(51L);
        assertThat(fields.get("about.about").asString()).isEqualTo("Poet of science.");
        assertThat(json(response).get("webhooks").get(0).asString()).isEqualTo("employee.created");
        assertThat(json(http.get("/sim/lists")).get("departments").toString()).contains("Research");
    }

    @Test
    void refuses_a_hire_without_names_an_unknown_manager_or_a_taken_email() {
        var someone = admin.list().get(1);

        assertThat(http.post("/sim/employees", "{\"firstName\":\"Ada\"}").statusCode()).isEqualTo(400);
        assertThat(http.post("/sim/employees", "{\"firstName\":\"Ada\",\"surname\":\"L\",\"managerId\":\"1\"}").statusCode())
                .isEqualTo(400);
        var taken = http.post("/sim/employees", "{\"firstName\":\"Ada\",\"surname\":\"L\",\"email\":\"" + someone.email() + "\"}");
        assertThat(taken.statusCode()).isEqualTo(409);
        assertThat(json(taken).get("message").asString()).contains(someone.email());
        assertThat(http.post("/sim/employees", "{\"firstName\":").statusCode()).isEqualTo(400);
        assertThat(admin.list()).hasSize(50);
    }

    @Test
    void refuses_updates_that_hibob_would_not_allow() {
        var ceo = admin.list().get(0);
        var report = admin.list().stream().filter(e -> ceo.id().equals(e.managerId())).findFirst().orElseThrow();

        assertThat(http.patch("/sim/employees/" + report.id(), "{\"fields\":{\"root.id\":\"1\"}}").statusCode()).isEqualTo(400);
        assertThat(http.patch("/sim/employees/" + report.id(), "{\"fields\":{\"work.startDate\":\"01/02/2024\"}}").statusCode())
                .isEqualTo(400);
        assertThat(http.patch("/sim/employees/" + report.id(), "{\"fields\":{\"internal.status\":\"Gone\"}}").statusCode())
                .isEqualTo(400);
        assertThat(http.patch("/sim/employees/" + report.id(), "{\"fields\":{\"department\":\"Sales\"}}").statusCode())
                .isEqualTo(400);
        assertThat(http.patch("/sim/employees/" + ceo.id(), "{\"fields\":{\"work.manager\":\"" + report.id() + "\"}}").statusCode())
                .as("a reporting loop").isEqualTo(400);
        assertThat(http.patch("/sim/employees/" + report.id(), "{\"fields\":{}}").statusCode()).isEqualTo(400);
        assertThat(http.patch("/sim/employees/42", "{\"fields\":{\"work.title\":\"X\"}}").statusCode()).isEqualTo(404);
    }

    @Test
    void any_field_can_be_updated_including_new_custom_ones_which_the_api_then_knows() {
        var someone = admin.list().stream().filter(e -> "Active".equals(e.status())).skip(5).findFirst().orElseThrow();

        var response = http.patch("/sim/employees/" + someone.id(),
                "{\"fields\":{\"work.custom.costCenter\":\"CC-42\",\"work.site\":\"Berlin\"}}");

        assertThat(response.statusCode()).isEqualTo(200);
        var read = json(http.read(someone.id(), "{\"fields\":[\"work.custom.costCenter\",\"work.siteId\",\"address.city\"]}"));
        assertThat(read.get("work").get("custom").get("costCenter").asString()).isEqualTo("CC-42");
        assertThat(read.get("/work/custom/costCenter").get("value").asString()).isEqualTo("CC-42");
        assertThat(read.get("work").get("siteId").asLong()).isEqualTo(2510071L);
        assertThat(read.get("address").get("city").asString()).isEqualTo("Berlin");
    }

    @Test
    void lifecycle_changes_that_do_not_fit_the_current_state_are_409() {
        var employed = admin.list().stream().filter(e -> "Employed".equals(e.lifecycleStatus())).findFirst().orElseThrow();
        var leaver = admin.list().stream().filter(e -> "Terminated".equals(e.lifecycleStatus())).findFirst().orElseThrow();

        assertThat(http.post("/sim/employees/" + employed.id() + "/start", "").statusCode()).isEqualTo(409);
        assertThat(http.post("/sim/employees/" + employed.id() + "/rehire", "").statusCode()).isEqualTo(409);
        assertThat(http.post("/sim/employees/" + leaver.id() + "/terminate", "").statusCode()).isEqualTo(409);
        assertThat(http.delete("/sim/employees/42").statusCode()).isEqualTo(404);
    }

    @Test
    void a_future_rehire_is_hired_until_started() {
        var leaver = admin.list().stream().filter(e -> "Terminated".equals(e.lifecycleStatus())).findFirst().orElseThrow();

        var response = http.post("/sim/employees/" + leaver.id() + "/rehire",
                "{\"startDate\":\"" + java.time.LocalDate.now().plusDays(10) + "\"}");

        assertThat(json(response).get("employee").get("fields").get("internal.lifecycleStatus").asString()).isEqualTo("Hired");
        assertThat(json(response).get("webhooks").size()).isEqualTo(1);
        assertThat(http.post("/sim/employees/" + leaver.id() + "/start", "").statusCode()).isEqualTo(200);
    }

    @Test
    void deleting_a_manager_leaves_the_reports_without_one() {
        var ceo = admin.list().get(0);
        var head = admin.list().stream().filter(e -> ceo.id().equals(e.managerId())).findFirst().orElseThrow();

        http.delete("/sim/employees/" + head.id());

        assertThat(admin.list()).noneMatch(e -> head.id().equals(e.managerId()));
        assertThat(admin.list()).hasSize(49);
    }

    @Test
    void lists_sites_with_time_zones() {
        var sites = json(http.get("/sim/lists")).get("sites");

        assertThat(sites.toString()).contains("Europe/London").contains("America/New_York").contains("Australia/Sydney");
        assertThat(sites.get(0).get("id").asLong()).isEqualTo(2510068L);
    }

    @Test
    void reset_brings_the_seeded_company_back() {
        var before = admin.list();
        http.post("/sim/employees", "{\"firstName\":\"Extra\",\"surname\":\"Person\"}");
        http.delete("/sim/employees/" + before.get(10).id());

        assertThat(http.post("/sim/reset", "").statusCode()).isEqualTo(204);

        assertThat(admin.list()).isEqualTo(before);
    }
}
