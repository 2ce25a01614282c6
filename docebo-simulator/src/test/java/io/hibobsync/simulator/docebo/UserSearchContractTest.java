package io.hibobsync.simulator.docebo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class UserSearchContractTest extends DoceboContractTest {

    @Test
    void search_matches_first_name_last_name_username_and_email_ignoring_case() {
        seed(SeedUser.of("jdoe", "Jane.Doe@Example.com").withName("Jane", "Doe"));
        seed(SeedUser.of("asmith", "anna@example.com").withName("Anna", "Smithers"));
        seed(SeedUser.of("bwayne", "bruce@wayne.example").withName("Bruce", "Wayne"));

        assertThat(usernamesFound("jANE")).containsExactly("jdoe");
        assertThat(usernamesFound("smithers")).containsExactly("asmith");
        assertThat(usernamesFound("BWAY")).containsExactly("bwayne");
        assertThat(usernamesFound("jane.doe@example.COM")).containsExactly("jdoe");
        assertThat(usernamesFound("example")).containsExactly("jdoe", "asmith", "bwayne");
    }

    @Test
    void search_answers_users_in_answer_spelling_inside_the_list_envelope() {
        long managerId = seed(SeedUser.of("boss", "boss@example.com"));
        long userId = seed(SeedUser.of("jdoe", "jane@example.com").withName("Jane", "Doe")
                .withDirectManager("boss").inBranch("ENG").withField(5, "Berlin").inactive());

        DoceboHttp.Answer answer = docebo.get("/manage/v1/user?search_text=jane&page=1&page_size=200");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("version").asString()).isEqualTo("1.0.0");
        JsonNode data = answer.body().get("data");
        assertThat(data.get("count").asInt()).isEqualTo(1);
        assertThat(data.get("has_more_data").asBoolean()).isFalse();
        assertThat(data.get("current_page").asInt()).isEqualTo(1);
        assertThat(data.get("total_page_count").asInt()).isEqualTo(1);
        JsonNode user = data.get("items").get(0);
        assertThat(user.get("user_id").isString()).isTrue();
        assertThat(user.get("user_id").asString()).isEqualTo(String.valueOf(userId));
        assertThat(user.get("username").asString()).isEqualTo("jdoe");
        assertThat(user.get("first_name").asString()).isEqualTo("Jane");
        assertThat(user.get("last_name").asString()).isEqualTo("Doe");
        assertThat(user.get("status").asString()).isEqualTo("0");
        assertThat(user.get("field_5").asString()).isEqualTo("Berlin");
        assertThat(user.get("creation_date").asString()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        assertThat(user.get("manager_names").get("1").get("manager_title").asString()).isEqualTo("Direct Manager");
        assertThat(user.get("manager_names").get("1").get("manager_username").asString()).isEqualTo("boss");
        assertThat(user.get("branches").get(0).get("code").asString()).isEqualTo("ENG");
        assertThat(docebo.get("/manage/v1/user/" + managerId).body().get("data").get("is_manager").asBoolean()).isTrue();
    }

    @Test
    void pages_start_at_one_and_has_more_data_says_when_to_read_on() {
        for (int i = 1; i <= 5; i++) {
            seed(SeedUser.of("pager" + i, "pager" + i + "@example.com"));
        }

        List<String> seen = new ArrayList<>();
        int page = 1;
        boolean more = true;
        while (more) {
            JsonNode data = docebo.get("/manage/v1/user?search_text=pager&page=" + page + "&page_size=2").body().get("data");
            assertThat(data.get("current_page").asInt()).isEqualTo(page);
            assertThat(data.get("count").asInt()).isEqualTo(5);
            assertThat(data.get("total_page_count").asInt()).isEqualTo(3);
            data.get("items").forEach(item -> seen.add(item.get("username").asString()));
            more = data.get("has_more_data").asBoolean();
            page++;
        }

        assertThat(page - 1).isEqualTo(3);
        assertThat(seen).containsExactly("pager1", "pager2", "pager3", "pager4", "pager5");
        JsonNode pastTheEnd = docebo.get("/manage/v1/user?search_text=pager&page=4&page_size=2").body().get("data");
        assertThat(pastTheEnd.get("items")).isEmpty();
        assertThat(pastTheEnd.get("has_more_data").asBoolean()).isFalse();
    }

    @Test
    void page_zero_is_a_bad_request() {
        DoceboHttp.Answer answer = docebo.get("/manage/v1/user?page=0");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().get("name").asString()).isEqualTo("Bad Request");
    }

    @Test
    void one_user_by_id_and_an_unknown_id_is_404() {
        long userId = seed(SeedUser.of("jdoe", "jane@example.com"));

        DoceboHttp.Answer found = docebo.get("/manage/v1/user/" + userId);
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.body().get("data").get("username").asString()).isEqualTo("jdoe");

        DoceboHttp.Answer missing = docebo.get("/manage/v1/user/99999999");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().get("name").asString()).isEqualTo("Not Found");
        assertThat(missing.body().get("message").isArray()).isTrue();
    }

    @Test
    void the_api_user_exists_on_the_platform_as_a_superadmin() {
        JsonNode items = docebo.get("/manage/v1/user?search_text=sync-admin").body().get("data").get("items");

        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("level").asString()).isEqualTo("godadmin");
    }

    private List<String> usernamesFound(String searchText) {
        List<String> usernames = new ArrayList<>();
        docebo.get("/manage/v1/user?page_size=200&search_text=" + URLEncoder.encode(searchText, StandardCharsets.UTF_8))
                .body().get("data").get("items")
                .forEach(item -> usernames.add(item.get("username").asString()));
        return usernames;
    }
}
