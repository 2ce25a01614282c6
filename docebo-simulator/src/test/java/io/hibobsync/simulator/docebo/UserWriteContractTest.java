package io.hibobsync.simulator.docebo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class UserWriteContractTest extends DoceboContractTest {

    @Test
    void create_takes_the_request_spelling_and_answers_the_new_user_id() {
        long managerId = seed(SeedUser.of("boss", "boss@example.com"));

        DoceboHttp.Answer answer = docebo.post("/manage/v1/user", Map.ofEntries(Map.entry("userid", "jdoe"),
                Map.entry("email", "jane@example.com"), Map.entry("password", "Secret-123"),
                Map.entry("firstname", "Jane"), Map.entry("lastname", "Doe"), Map.entry("valid", 0),
                Map.entry("level", "user"), Map.entry("expiration", "2030-12-31"), Map.entry("manager", managerId),
                Map.entry("additional_fields", List.of(Map.of("id", 5, "value", "Berlin"))),
                Map.entry("select_orgchart", List.of(sales()))));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("data").get("success").asBoolean()).isTrue();
        long userId = answer.body().get("data").get("user_id").asLong();
        JsonNode user = docebo.get("/manage/v1/user/" + userId).body().get("data");
        assertThat(user.get("username").asString()).isEqualTo("jdoe");
        assertThat(user.get("first_name").asString()).isEqualTo("Jane");
        assertThat(user.get("last_name").asString()).isEqualTo("Doe");
        assertThat(user.get("status").asString()).isEqualTo("0");
        assertThat(user.get("expiration_date").asString()).isEqualTo("2030-12-31");
        assertThat(user.get("field_5").asString()).isEqualTo("Berlin");
        assertThat(user.get("manager_names").get("1").get("manager_username").asString()).isEqualTo("boss");
        assertThat(admin.user("jdoe").orElseThrow().branches()).containsExactly("SALES");
        assertThat(admin.user("jdoe").orElseThrow().password()).isEqualTo("Secret-123");
    }

    private long sales() {
        return admin.branches().stream().filter(branch -> "SALES".equals(branch.code())).findFirst().orElseThrow().id();
    }

    @Test
    void a_duplicate_username_is_http_200_with_success_false() {
        seed(SeedUser.of("jdoe", "jane@example.com"));

        DoceboHttp.Answer answer = docebo.post("/manage/v1/user", Map.of("userid", "JDOE", "email", "other@example.com"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("data").get("success").asBoolean()).isFalse();
        assertThat(answer.body().get("data").get("message").get(0).asString()).contains("already taken");
        assertThat(admin.users()).filteredOn(user -> user.username().equalsIgnoreCase("jdoe")).hasSize(1);
    }

    @Test
    void create_without_userid_or_with_a_bad_email_is_a_bad_request() {
        DoceboHttp.Answer noUserid = docebo.post("/manage/v1/user", Map.of("username", "jdoe", "email", "jane@example.com"));
        assertThat(noUserid.status()).isEqualTo(400);
        assertThat(noUserid.body().get("message").get(0).asString()).contains("userid");

        DoceboHttp.Answer badEmail = docebo.post("/manage/v1/user", Map.of("userid", "jdoe", "email", "not-an-email"));
        assertThat(badEmail.status()).isEqualTo(400);
        assertThat(badEmail.body().get("name").asString()).isEqualTo("Bad Request");
        assertThat(admin.user("jdoe")).isEmpty();
    }

    @Test
    void malformed_json_is_a_bad_request_in_docebo_shape() {
        DoceboHttp.Answer answer = docebo.post("/manage/v1/user", "{\"userid\": ");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().get("name").asString()).isEqualTo("Bad Request");
    }

    @Test
    void update_changes_only_the_fields_sent() {
        long userId = seed(SeedUser.of("jdoe", "jane@example.com").withName("Jane", "Doe").withField(5, "Berlin"));
        long managerId = seed(SeedUser.of("boss", "boss@example.com"));

        DoceboHttp.Answer answer = docebo.put("/manage/v1/user/" + userId, Map.of("lastname", "Roe",
                "email", "jane.roe@example.com", "manager", managerId));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("data").get("success").asBoolean()).isTrue();
        DoceboUser user = admin.user("jdoe").orElseThrow();
        assertThat(user.firstName()).isEqualTo("Jane");
        assertThat(user.lastName()).isEqualTo("Roe");
        assertThat(user.email()).isEqualTo("jane.roe@example.com");
        assertThat(user.directManager()).isEqualTo("boss");
        assertThat(user.fields()).containsEntry(5, "Berlin");
    }

    @Test
    void update_of_an_unknown_user_is_404_and_renaming_onto_a_taken_username_is_success_false() {
        assertThat(docebo.put("/manage/v1/user/99999999", Map.of("lastname", "Roe")).status()).isEqualTo(404);

        long userId = seed(SeedUser.of("jdoe", "jane@example.com"));
        seed(SeedUser.of("taken", "taken@example.com"));
        DoceboHttp.Answer rename = docebo.put("/manage/v1/user/" + userId, Map.of("userid", "taken"));

        assertThat(rename.status()).isEqualTo(200);
        assertThat(rename.body().get("data").get("success").asBoolean()).isFalse();
        assertThat(admin.user("jdoe")).isPresent();
    }

    @Test
    void change_status_deactivates_and_reactivates() {
        long first = seed(SeedUser.of("first", "first@example.com"));
        long second = seed(SeedUser.of("second", "second@example.com"));

        DoceboHttp.Answer deactivate = docebo.put("/manage/v1/user/change_status",
                Map.of("user_ids", List.of(String.valueOf(first), String.valueOf(second)), "status", 0));

        assertThat(deactivate.status()).isEqualTo(200);
        assertThat(deactivate.body().get("data").get("success").asBoolean()).isTrue();
        assertThat(admin.user("first").orElseThrow().active()).isFalse();
        assertThat(admin.user("second").orElseThrow().active()).isFalse();

        docebo.put("/manage/v1/user/change_status", Map.of("user_ids", List.of(first), "status", 1));
        assertThat(admin.user("first").orElseThrow().active()).isTrue();
        assertThat(admin.user("second").orElseThrow().active()).isFalse();
    }

    @Test
    void change_status_of_an_unknown_id_is_success_false_and_a_bad_status_is_400() {
        long known = seed(SeedUser.of("known", "known@example.com"));

        DoceboHttp.Answer answer = docebo.put("/manage/v1/user/change_status",
                Map.of("user_ids", List.of(known, 99999999), "status", 0));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("data").get("success").asBoolean()).isFalse();
        assertThat(answer.body().get("data").get("message").get(0).asString()).contains("99999999");
        assertThat(docebo.put("/manage/v1/user/change_status", Map.of("user_ids", List.of(known), "status", 2)).status())
                .isEqualTo(400);
    }

    @Test
    void delete_by_ids_removes_the_users_for_good() {
        long userId = seed(SeedUser.of("leaver", "leaver@example.com"));
        seed(SeedUser.of("stayer", "stayer@example.com"));

        DoceboHttp.Answer answer = docebo.delete("/manage/v1/user/delete", Map.of("user_ids", List.of(String.valueOf(userId))));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("data").get("success").asBoolean()).isTrue();
        assertThat(admin.user("leaver")).isEmpty();
        assertThat(admin.user("stayer")).isPresent();
        assertThat(docebo.get("/manage/v1/user/" + userId).status()).isEqualTo(404);
    }

    @Test
    void delete_by_user_names_also_clears_them_as_managers() {
        seed(SeedUser.of("boss", "boss@example.com"));
        seed(SeedUser.of("report", "report@example.com").withDirectManager("boss"));

        DoceboHttp.Answer answer = docebo.delete("/manage/v1/user/delete", Map.of("user_names", List.of("BOSS")));

        assertThat(answer.body().get("data").get("success").asBoolean()).isTrue();
        assertThat(admin.user("boss")).isEmpty();
        assertThat(admin.user("report").orElseThrow().directManager()).isNull();
    }

    @Test
    void delete_of_unknown_users_is_success_false_and_an_empty_body_is_400() {
        DoceboHttp.Answer unknown = docebo.delete("/manage/v1/user/delete", Map.of("user_names", List.of("nobody")));
        assertThat(unknown.status()).isEqualTo(200);
        assertThat(unknown.body().get("data").get("success").asBoolean()).isFalse();

        assertThat(docebo.delete("/manage/v1/user/delete", Map.of()).status()).isEqualTo(400);
    }
}
