package io.hibobsync.simulator.docebo;

import static org.assertj.core.api.Assertions.assertThat;

import io.hibobsync.simulator.docebo.orgchart.OrgChart;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class BatchImportContractTest extends DoceboContractTest {

    private static final Map<String, Object> CREATE_OR_UPDATE = Map.of("update_user_info", true, "branch_option", "existing");

    @Test
    void rows_succeed_or_fail_on_their_own_with_one_result_per_row() {
        seed(SeedUser.of("boss", "boss@example.com"));

        JsonNode rows = batch(List.of(
                Map.of("username", "ok1", "email", "ok1@example.com", "firstname", "Ok", "lastname", "One",
                        "manager_1", "boss", "branch_code", "ENG", "field_5", "Berlin"),
                Map.of("username", "bademail", "email", "not-an-email"),
                Map.of("username", "orphan", "email", "orphan@example.com", "manager_1", "nobody"),
                Map.of("email", "nameless@example.com"),
                Map.of("username", "ok2", "email", "ok2@example.com", "active", false)), CREATE_OR_UPDATE);

        assertThat(rows).hasSize(5);
        for (int i = 0; i < 5; i++) {
            assertThat(rows.get(i).get("row_index").asInt()).isEqualTo(i);
        }
        assertThat(successes(rows)).containsExactly(true, false, false, false, true);
        assertThat(rows.get(0).get("output").get("user_id").asLong()).isEqualTo(admin.user("ok1").orElseThrow().userId());
        assertThat(rows.get(0).get("output").get("username").asString()).isEqualTo("ok1");
        assertThat(rows.get(0).has("user_id")).as("by default the id sits under output only").isFalse();
        assertThat(rows.get(1).has("output")).as("a failed row has no output").isFalse();
        assertThat(rows.get(1).get("message").asString()).contains("email");
        assertThat(rows.get(2).get("message").asString()).contains("nobody");
        DoceboUser ok1 = admin.user("ok1").orElseThrow();
        assertThat(ok1.directManager()).isEqualTo("boss");
        assertThat(ok1.branches()).containsExactly("ENG");
        assertThat(ok1.fields()).containsEntry(5, "Berlin");
        assertThat(admin.user("ok2").orElseThrow().active()).isFalse();
        assertThat(admin.user("bademail")).isEmpty();
        assertThat(admin.user("orphan")).isEmpty();
    }

    @Test
    void existing_users_fail_unless_update_user_info_is_true() {
        seed(SeedUser.of("jdoe", "jane@example.com").withName("Jane", "Doe"));

        JsonNode rows = batch(List.of(Map.of("username", "jdoe", "lastname", "Roe"),
                Map.of("username", "newbie", "email", "newbie@example.com")),
                Map.of("update_user_info", false, "branch_option", "existing"));

        assertThat(successes(rows)).containsExactly(false, true);
        assertThat(rows.get(0).get("message").asString()).contains("update_user_info");
        assertThat(admin.user("jdoe").orElseThrow().lastName()).isEqualTo("Doe");

        JsonNode update = batch(List.of(Map.of("username", "JDoe", "lastname", "Roe", "active", false)), CREATE_OR_UPDATE);
        assertThat(successes(update)).containsExactly(true);
        DoceboUser jdoe = admin.user("jdoe").orElseThrow();
        assertThat(jdoe.lastName()).isEqualTo("Roe");
        assertThat(jdoe.active()).isFalse();
        assertThat(jdoe.username()).isEqualTo("jdoe");
    }

    @Test
    void a_row_can_name_an_existing_user_by_user_id_and_rename_it() {
        long userId = seed(SeedUser.of("old.name", "jane@example.com"));

        JsonNode rows = batch(List.of(Map.of("user_id", String.valueOf(userId), "username", "new.name"),
                Map.of("user_id", "99999999", "email", "ghost@example.com")), CREATE_OR_UPDATE);

        assertThat(successes(rows)).containsExactly(true, false);
        assertThat(admin.user("new.name").orElseThrow().userId()).isEqualTo(userId);
    }

    @Test
    void both_firstname_and_first_name_spellings_are_read() {
        batch(List.of(Map.of("username", "a", "firstname", "Ann", "lastname", "Lee"),
                Map.of("username", "b", "first_name", "Bob", "last_name", "Ray")), CREATE_OR_UPDATE);

        assertThat(admin.user("a").orElseThrow().firstName()).isEqualTo("Ann");
        assertThat(admin.user("b").orElseThrow().firstName()).isEqualTo("Bob");
        assertThat(admin.user("b").orElseThrow().lastName()).isEqualTo("Ray");
    }

    @Test
    void manager_1_takes_a_username_from_an_earlier_row_and_null_removes_the_manager() {
        JsonNode rows = batch(List.of(Map.of("username", "boss", "email", "boss@example.com"),
                Map.of("username", "report", "email", "report@example.com", "manager_1", "boss")), CREATE_OR_UPDATE);
        assertThat(successes(rows)).containsExactly(true, true);
        assertThat(admin.user("report").orElseThrow().directManager()).isEqualTo("boss");

        Map<String, Object> removeManager = new HashMap<>();
        removeManager.put("username", "report");
        removeManager.put("manager_1", null);
        assertThat(successes(batch(List.of(removeManager), CREATE_OR_UPDATE))).containsExactly(true);
        assertThat(admin.user("report").orElseThrow().directManager()).isNull();
    }

    @Test
    void a_manager_named_in_a_later_row_does_not_exist_yet() {
        JsonNode rows = batch(List.of(Map.of("username", "report", "manager_1", "boss"),
                Map.of("username", "boss")), CREATE_OR_UPDATE);

        assertThat(successes(rows)).containsExactly(false, true);
    }

    @Test
    void branch_code_moves_the_user_and_with_branch_option_existing_an_unknown_branch_fails_the_row() {
        seed(SeedUser.of("mover", "mover@example.com").inBranch("ENG"));

        JsonNode rows = batch(List.of(Map.of("username", "mover", "branch_code", "SALES"),
                Map.of("username", "lost", "branch_code", "NOPE"),
                Map.of("username", "lost.too", "branch_code_path", "ENG/NOPE"),
                Map.of("username", "placed", "branch_code_path", "ENG/PLATFORM")), CREATE_OR_UPDATE);

        assertThat(successes(rows)).containsExactly(true, false, false, true);
        assertThat(rows.get(1).get("message").asString()).contains("NOPE").contains("existing");
        assertThat(rows.get(2).get("message").asString()).contains("ENG/NOPE");
        assertThat(admin.user("mover").orElseThrow().branches()).containsExactly("SALES");
        assertThat(admin.user("placed").orElseThrow().branches()).containsExactly("PLATFORM");
        assertThat(admin.user("lost")).isEmpty();
        assertThat(admin.user("lost.too")).isEmpty();
        assertThat(admin.branches()).noneMatch(branch -> "NOPE".equals(branch.code()));
    }

    @Test
    void force_create_branches_does_not_turn_existing_into_autocreate() {
        Map<String, Object> forced = new LinkedHashMap<>(CREATE_OR_UPDATE);
        forced.put("force_create_branches", true);

        assertThat(successes(batch(List.of(Map.of("username", "lost", "branch_code", "NOPE")), forced)))
                .containsExactly(false);
        assertThat(admin.branches()).noneMatch(branch -> "NOPE".equals(branch.code()));
    }

    @Test
    void branch_option_autocreate_creates_a_code_under_the_root_and_a_path_level_by_level() {
        Map<String, Object> autocreate = Map.of("update_user_info", true, "branch_option", "autocreate");

        JsonNode rows = batch(List.of(Map.of("username", "coder", "branch_code", "NEWCODE"),
                Map.of("username", "deep", "branch_code_path", "a/b/c"),
                Map.of("username", "deeper", "branch_code_path", "ENG/DATA/ML"),
                Map.of("username", "known", "branch_code", "ENG")), autocreate);

        assertThat(successes(rows)).containsExactly(true, true, true, true);
        assertThat(branch("NEWCODE").parentId()).isEqualTo(OrgChart.ROOT_ID);
        assertThat(branch("NEWCODE").title()).isEqualTo("NEWCODE");
        assertThat(branch("a").parentId()).isEqualTo(OrgChart.ROOT_ID);
        assertThat(branch("c").path()).isEqualTo("a/b/c");
        assertThat(branch("ML").path()).isEqualTo("ENG/DATA/ML");
        assertThat(admin.user("coder").orElseThrow().branches()).containsExactly("NEWCODE");
        assertThat(admin.user("deep").orElseThrow().branches()).containsExactly("c");
        assertThat(admin.user("deeper").orElseThrow().branches()).containsExactly("ML");
        assertThat(admin.user("known").orElseThrow().branches()).containsExactly("ENG");
        assertThat(admin.branches()).filteredOn(branch -> "ENG".equals(branch.code())).hasSize(1);
    }

    @Test
    void autocreate_fails_the_row_without_leaving_branches_when_a_missing_code_is_used_elsewhere() {
        JsonNode rows = batch(List.of(Map.of("username", "clash", "branch_code_path", "ENG/NEWLEVEL/SALES"),
                Map.of("username", "fine", "email", "fine@example.com")),
                Map.of("branch_option", "autocreate"));

        assertThat(successes(rows)).containsExactly(false, true);
        assertThat(rows.get(0).get("message").asString()).contains("ENG/NEWLEVEL/SALES").contains("unique");
        assertThat(admin.branches()).noneMatch(branch -> "NEWLEVEL".equals(branch.code()));
        assertThat(admin.user("clash")).isEmpty();
    }

    @Test
    void autocreate_leaves_no_branch_behind_for_a_row_that_fails() {
        JsonNode rows = batch(List.of(Map.of("username", "bad", "email", "not-an-email", "branch_code", "ORPHANED")),
                Map.of("branch_option", "autocreate"));

        assertThat(successes(rows)).containsExactly(false);
        assertThat(admin.branches()).noneMatch(branch -> "ORPHANED".equals(branch.code()));
    }

    @Test
    void destination_branch_places_new_users_whose_row_names_no_branch() {
        seed(SeedUser.of("stays", "stays@example.com").inBranch("ENG"));

        batch(List.of(Map.of("username", "placed"), Map.of("username", "stays")),
                Map.of("update_user_info", true, "destination_branch", "FIN"));

        assertThat(admin.user("placed").orElseThrow().branches()).containsExactly("FIN");
        assertThat(admin.user("stays").orElseThrow().branches()).containsExactly("ENG");
    }

    @Test
    void an_unknown_branch_option_refuses_the_whole_call() {
        DoceboHttp.Answer answer = docebo.post("/manage/v1/user/batch", Map.of(
                "items", List.of(Map.of("username", "x", "branch_code", "ENG")),
                "options", Map.of("update_user_info", true, "branch_option", "do_nothing")));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().get("name").asString()).isEqualTo("Bad Request");
        assertThat(answer.body().get("message").get(0).asString())
                .contains("branch_option").contains("do_nothing").contains("existing").contains("autocreate");
        assertThat(admin.user("x")).isEmpty();
    }

    @Test
    void passwords_of_existing_users_change_only_when_the_options_say_so() {
        seed(SeedUser.of("jdoe", "jane@example.com").withPassword("original"));

        batch(List.of(Map.of("username", "jdoe", "password", "ignored")), CREATE_OR_UPDATE);
        assertThat(admin.user("jdoe").orElseThrow().password()).isEqualTo("original");

        Map<String, Object> change = new LinkedHashMap<>(CREATE_OR_UPDATE);
        change.put("change_user_password", true);
        batch(List.of(Map.of("username", "jdoe", "password", "changed")), change);
        assertThat(admin.user("jdoe").orElseThrow().password()).isEqualTo("changed");

        change.put("ignore_password_change_for_existing_users", true);
        batch(List.of(Map.of("username", "jdoe", "password", "ignored-again")), change);
        assertThat(admin.user("jdoe").orElseThrow().password()).isEqualTo("changed");
    }

    @Test
    void a_batch_naming_a_branch_without_branch_option_fails_as_a_whole_with_error_1006() {
        Map<String, Object> withPath = new HashMap<>();
        withPath.put("username", "y");
        withPath.put("branch_code_path", "ENG/PLATFORM");
        for (Map<String, Object> branchRow : List.of(Map.<String, Object>of("username", "x", "branch_code", "ENG"), withPath)) {
            DoceboHttp.Answer answer = docebo.post("/manage/v1/user/batch", Map.of(
                    "items", List.of(Map.of("username", "first", "email", "first@example.com"), branchRow),
                    "options", Map.of("update_user_info", true)));

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body().get("name").asString()).isEqualTo("Bad Request");
            assertThat(answer.body().get("message").get(0).asString()).isEqualTo("Required option not set: branch_option");
            assertThat(answer.body().get("code").asInt()).isEqualTo(1006);
            assertThat(answer.body().get("status").asInt()).isEqualTo(400);
            assertThat(answer.body().has("data")).isFalse();
        }
        assertThat(admin.user("first")).as("nothing is imported, not even rows without a branch").isEmpty();
        assertThat(admin.user("x")).isEmpty();
        assertThat(admin.user("y")).isEmpty();
    }

    @Test
    void a_batch_naming_no_branch_needs_no_branch_option() {
        Map<String, Object> nullBranch = new HashMap<>();
        nullBranch.put("username", "y");
        nullBranch.put("branch_code", null);
        JsonNode rows = batch(List.of(Map.of("username", "x", "branch_code", ""), nullBranch),
                Map.of("update_user_info", true));

        assertThat(successes(rows)).containsExactly(true, true);
        assertThat(admin.user("x").orElseThrow().branches()).isEmpty();
    }

    @Test
    void a_batch_without_items_is_a_bad_request() {
        assertThat(docebo.post("/manage/v1/user/batch", Map.of("items", List.of(), "options", CREATE_OR_UPDATE)).status())
                .isEqualTo(400);
    }

    private JsonNode batch(List<Map<String, Object>> items, Map<String, Object> options) {
        DoceboHttp.Answer answer = docebo.post("/manage/v1/user/batch", Map.of("items", items, "options", options));
        assertThat(answer.status()).isEqualTo(200);
        JsonNode rows = answer.body().get("data");
        assertThat(rows.isArray()).isTrue();
        return rows;
    }

    private DoceboBranch branch(String code) {
        return admin.branches().stream().filter(branch -> code.equals(branch.code())).findFirst().orElseThrow();
    }

    private static List<Boolean> successes(JsonNode rows) {
        return rows.valueStream().map(row -> row.get("success").asBoolean()).toList();
    }
}
