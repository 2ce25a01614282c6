package io.hibobsync.simulator.docebo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ManagerAndOrgChartContractTest extends DoceboContractTest {

    @Test
    void managers_endpoint_makes_users_direct_reports() {
        long boss = seed(SeedUser.of("boss", "boss@example.com"));
        long first = seed(SeedUser.of("first", "first@example.com"));
        long second = seed(SeedUser.of("second", "second@example.com"));

        DoceboHttp.Answer answer = docebo.post("/manage/v1/managers/" + boss + "/users",
                Map.of("user_ids", List.of(String.valueOf(first), second), "hierarchy", 1));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("data").get("success").asBoolean()).isTrue();
        assertThat(admin.user("first").orElseThrow().directManager()).isEqualTo("boss");
        assertThat(admin.user("second").orElseThrow().directManager()).isEqualTo("boss");
        JsonNode bossAnswer = docebo.get("/manage/v1/user/" + boss).body().get("data");
        assertThat(bossAnswer.get("is_manager").asBoolean()).isTrue();
    }

    @Test
    void an_unknown_manager_is_404_and_unknown_reports_are_success_false() {
        long boss = seed(SeedUser.of("boss", "boss@example.com"));
        long known = seed(SeedUser.of("known", "known@example.com"));

        assertThat(docebo.post("/manage/v1/managers/99999999/users", Map.of("user_ids", List.of(known), "hierarchy", 1))
                .status()).isEqualTo(404);

        DoceboHttp.Answer partly = docebo.post("/manage/v1/managers/" + boss + "/users",
                Map.of("user_ids", List.of(known, 99999999), "hierarchy", 1));
        assertThat(partly.status()).isEqualTo(200);
        assertThat(partly.body().get("data").get("success").asBoolean()).isFalse();
        assertThat(admin.user("known").orElseThrow().directManager()).isEqualTo("boss");
    }

    @Test
    void orgchart_lists_the_configured_branches_with_codes_and_parents() {
        JsonNode data = docebo.get("/manage/v1/orgchart?page_size=200").body().get("data");

        List<String> codes = new ArrayList<>();
        data.get("items").forEach(item -> codes.add(item.get("code").isNull() ? null : item.get("code").asString()));
        assertThat(codes).contains("ENG", "PLATFORM", "SALES", "HR");
        assertThat(data.get("has_more_data").asBoolean()).isFalse();
        JsonNode platform = data.get("items").valueStream()
                .filter(item -> "PLATFORM".equals(item.get("code").asString(null))).findFirst().orElseThrow();
        assertThat(platform.get("code_path").asString()).isEqualTo("ENG/PLATFORM");
        assertThat(platform.get("id_parent").asLong()).isEqualTo(branchId("ENG"));
    }

    @Test
    void assign_users_puts_users_in_a_branch() {
        long first = seed(SeedUser.of("first", "first@example.com"));
        long second = seed(SeedUser.of("second", "second@example.com").inBranch("ENG"));

        DoceboHttp.Answer answer = docebo.post("/manage/v1/orgchart/assign_users",
                Map.of("id_org", branchId("SALES"), "id_users", List.of(first, second)));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("data").get("success").asBoolean()).isTrue();
        assertThat(admin.user("first").orElseThrow().branches()).containsExactly("SALES");
        assertThat(admin.user("second").orElseThrow().branches()).containsExactly("ENG", "SALES");
    }

    @Test
    void assign_users_to_an_unknown_branch_is_404() {
        long user = seed(SeedUser.of("first", "first@example.com"));

        DoceboHttp.Answer answer = docebo.post("/manage/v1/orgchart/assign_users",
                Map.of("id_org", 99999, "id_users", List.of(user)));

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body().get("name").asString()).isEqualTo("Not Found");
    }

    private long branchId(String code) {
        return admin.branches().stream().filter(branch -> code.equals(branch.code())).findFirst().orElseThrow().id();
    }
}
