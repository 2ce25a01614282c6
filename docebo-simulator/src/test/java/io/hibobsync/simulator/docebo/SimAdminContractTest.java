package io.hibobsync.simulator.docebo;

import static org.assertj.core.api.Assertions.assertThat;

import io.hibobsync.simulator.support.CallLog;
import io.hibobsync.simulator.support.SimulatorFaults;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class SimAdminContractTest extends DoceboContractTest {

    @Autowired
    SimulatorFaults faults;

    @Autowired
    CallLog callLog;

    @Test
    void sim_users_seeds_one_user_or_a_list_in_order() {
        DoceboHttp.Answer one = docebo.sim("POST", "/sim/users", Map.of("username", "boss", "email", "boss@example.com"));
        DoceboHttp.Answer list = docebo.sim("POST", "/sim/users", List.of(
                Map.of("username", "report", "email", "report@example.com", "directManager", "boss",
                        "branchCode", "SALES", "active", false, "fields", Map.of("5", "Berlin"))));

        assertThat(one.status()).isEqualTo(201);
        assertThat(list.status()).isEqualTo(201);
        DoceboUser report = admin.user("report").orElseThrow();
        assertThat(report.directManager()).isEqualTo("boss");
        assertThat(report.branches()).containsExactly("SALES");
        assertThat(report.active()).isFalse();
        assertThat(report.fields()).containsEntry(5, "Berlin");
        assertThat(list.body().get(0).get("userId").asLong()).isEqualTo(report.userId());
    }

    @Test
    void a_seed_with_an_unknown_manager_is_a_bad_request() {
        DoceboHttp.Answer answer = docebo.sim("POST", "/sim/users",
                Map.of("username", "report", "directManager", "nobody"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().get("message").asString()).contains("nobody");
    }

    @Test
    void sim_state_shows_users_with_status_manager_branch_and_fields_and_the_branches() {
        seed(SeedUser.of("boss", "boss@example.com"));
        seed(SeedUser.of("report", "report@example.com").withDirectManager("boss").inBranch("ENG").withField(7, "x")
                .withPassword("secret").inactive());

        JsonNode state = docebo.sim("GET", "/sim/state", null).body();

        JsonNode report = state.get("users").valueStream()
                .filter(user -> user.get("username").asString().equals("report")).findFirst().orElseThrow();
        assertThat(report.get("active").asBoolean()).isFalse();
        assertThat(report.get("directManager").asString()).isEqualTo("boss");
        assertThat(report.get("branches").get(0).asString()).isEqualTo("ENG");
        assertThat(report.get("fields").get("7").asString()).isEqualTo("x");
        assertThat(report.has("password")).isFalse();
        assertThat(state.get("branches").valueStream().map(branch -> branch.get("path").asString()))
                .contains("ENG", "ENG/PLATFORM", "SALES");
    }

    @Test
    void reset_forgets_users_new_branches_faults_and_calls_but_keeps_the_api_user() {
        seed(SeedUser.of("someone", "someone@example.com").inBranch("NEW"));
        faults.failNext(503, 5);
        docebo.get("/manage/v1/user");

        assertThat(docebo.sim("POST", "/sim/reset", null).status()).isEqualTo(204);

        assertThat(admin.users()).extracting(DoceboUser::username).containsExactly("sync-admin");
        assertThat(admin.branches()).noneMatch(branch -> "NEW".equals(branch.code()));
        assertThat(callLog.calls()).isEmpty();
        assertThat(docebo.get("/manage/v1/user").status()).isEqualTo(200);
    }

    @Test
    void injected_faults_hit_the_api_but_not_the_admin_api_and_every_api_call_is_logged() {
        faults.failNext(503, 1);

        assertThat(docebo.get("/manage/v1/user").status()).isEqualTo(503);
        assertThat(docebo.sim("GET", "/sim/state", null).status()).isEqualTo(200);
        assertThat(docebo.get("/manage/v1/user").status()).isEqualTo(200);
        assertThat(callLog.calls("GET", "/manage/v1/user")).extracting(call -> call.status()).containsExactly(503, 200);
    }

    @Test
    void the_call_log_shows_token_requests_and_user_writes_without_secrets_or_passwords() {
        docebo.post("/manage/v1/user", Map.of("userid", "jane.doe", "email", "jane@example.com",
                "password", "Janes-Passw0rd"));

        String calls = docebo.sim("GET", "/sim/calls", null).raw().body();

        assertThat(callLog.calls("POST", "/oauth2/token")).singleElement().satisfies(call -> assertThat(call.body())
                .contains("grant_type=password", "client_id=sync-client", "username=sync-admin",
                        "client_secret=***", "password=***"));
        assertThat(callLog.calls("POST", "/manage/v1/user")).singleElement().satisfies(call -> assertThat(call.body())
                .contains("\"userid\":\"jane.doe\"", "\"password\":\"***\""));
        assertThat(calls).contains("/oauth2/token", "jane.doe")
                .doesNotContain("sync-client-secret", "sync-admin-password", "Janes-Passw0rd");
    }

    @Test
    void the_home_page_lists_users_with_status_manager_and_branch() {
        seed(SeedUser.of("boss", "boss@example.com"));
        seed(SeedUser.of("report<x>", "report@example.com").withDirectManager("boss").inBranch("SALES").inactive());

        DoceboHttp.Answer page = docebo.sim("GET", "/", null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        String html = page.raw().body();
        assertThat(html).contains("http-equiv=\"refresh\"");
        String reportRow = html.lines().filter(line -> line.contains("report&lt;x&gt;")).findFirst().orElseThrow();
        assertThat(reportRow).contains("<td>inactive</td>", "<td>boss</td>", "<td>SALES</td>");
    }
}
