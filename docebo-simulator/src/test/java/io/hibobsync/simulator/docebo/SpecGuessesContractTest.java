package io.hibobsync.simulator.docebo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** The other reading of each guess in the spec, and a platform that answers small pages whatever is asked. */
@TestPropertySource(properties = {
        "DOCEBO_SIM_CREATE_RETURNS_USER_ID=false",
        "DOCEBO_SIM_BATCH_RESULT_NESTING=data.items",
        "DOCEBO_SIM_BATCH_USER_ID_PLACEMENT=beside",
        "DOCEBO_SIM_BATCH_BRANCH_OPTION_REQUIRED=always",
        "DOCEBO_SIM_MAX_PAGE_SIZE=2"})
class SpecGuessesContractTest extends DoceboContractTest {

    @Test
    void create_can_answer_success_without_the_new_user_id() {
        DoceboHttp.Answer answer = docebo.post("/manage/v1/user", Map.of("userid", "jdoe", "email", "jane@example.com"));

        assertThat(answer.body().get("data").get("success").asBoolean()).isTrue();
        assertThat(answer.body().get("data").has("user_id")).isFalse();
        assertThat(admin.user("jdoe")).isPresent();
    }

    @Test
    void batch_rows_can_sit_under_data_items_with_the_user_id_beside_success() {
        seed(SeedUser.of("existing", "existing@example.com"));
        DoceboHttp.Answer answer = docebo.post("/manage/v1/user/batch", Map.of(
                "items", List.of(Map.of("username", "jdoe"), Map.of("username", "existing", "lastname", "Roe"),
                        Map.of("username", "bad", "email", "not-an-email")),
                "options", Map.of("branch_option", "existing", "update_user_info", true)));

        JsonNode rows = answer.body().get("data").get("items");
        assertThat(rows.isArray()).isTrue();
        assertThat(rows.get(0).get("success").asBoolean()).isTrue();
        assertThat(rows.get(0).get("user_id").isNumber()).isTrue();
        assertThat(rows.get(0).get("user_id").asLong()).isEqualTo(admin.user("jdoe").orElseThrow().userId());
        assertThat(rows.get(0).get("username").asString()).isEqualTo("jdoe");
        assertThat(rows.get(0).has("output")).isFalse();
        assertThat(rows.get(1).get("user_id").asLong()).as("updated users too")
                .isEqualTo(admin.user("existing").orElseThrow().userId());
        assertThat(rows.get(2).get("success").asBoolean()).isFalse();
        assertThat(rows.get(2).has("user_id")).isFalse();
    }

    @Test
    void branch_option_can_be_required_on_every_batch_even_one_naming_no_branch() {
        DoceboHttp.Answer answer = docebo.post("/manage/v1/user/batch",
                Map.of("items", List.of(Map.of("username", "x")), "options", Map.of("update_user_info", true)));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().get("code").asInt()).isEqualTo(1006);
        assertThat(answer.body().get("message").get(0).asString()).isEqualTo("Required option not set: branch_option");
        assertThat(admin.user("x")).isEmpty();
    }

    @Test
    void a_user_on_page_two_with_a_differently_cased_email_is_found_only_by_reading_on() {
        seed(SeedUser.of("jane.doe.old", "jane.doe@example.com.old"));
        seed(SeedUser.of("jane.doe.contractor", "contractor.jane.doe@example.com"));
        seed(SeedUser.of("jane.doe", "Jane.Doe@Example.COM"));

        JsonNode firstPage = docebo.get("/manage/v1/user?search_text=jane.doe@example.com&page=1&page_size=200")
                .body().get("data");
        assertThat(firstPage.get("current_page_size").asInt()).isEqualTo(2);
        assertThat(firstPage.get("has_more_data").asBoolean()).isTrue();
        assertThat(firstPage.get("items").valueStream().map(item -> item.get("username").asString()))
                .doesNotContain("jane.doe");

        JsonNode secondPage = docebo.get("/manage/v1/user?search_text=jane.doe@example.com&page=2&page_size=200")
                .body().get("data");
        assertThat(secondPage.get("has_more_data").asBoolean()).isFalse();
        assertThat(secondPage.get("items").get(0).get("email").asString()).isEqualTo("Jane.Doe@Example.COM");
    }
}
