package io.hibobsync.simulator.docebo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Batch imports take long enough here for a second call to arrive while the first is still running. */
@TestPropertySource(properties = "DOCEBO_SIM_BATCH_PROCESSING_MS=1500")
class ConcurrentBatchContractTest extends DoceboContractTest {

    private static final Map<String, Object> OPTIONS = Map.of("update_user_info", true, "branch_option", "existing");

    @Test
    void a_second_batch_or_branch_change_while_one_runs_is_refused_with_409() {
        long userId = seed(SeedUser.of("someone", "someone@example.com"));
        CompletableFuture<DoceboHttp.Answer> first = CompletableFuture.supplyAsync(() -> docebo.post(
                "/manage/v1/user/batch", Map.of("items", List.of(Map.of("username", "first")), "options", OPTIONS)));
        await().atMost(Duration.ofSeconds(5)).until(admin::importRunning);

        // its branch assignment (here creating a branch) is part of the refused call
        DoceboHttp.Answer second = docebo.post("/manage/v1/user/batch",
                Map.of("items", List.of(Map.of("username", "second", "branch_code", "SECOND")),
                        "options", Map.of("branch_option", "autocreate")));
        DoceboHttp.Answer assign = docebo.post("/manage/v1/orgchart/assign_users",
                Map.of("id_org", engineering(), "id_users", List.of(userId)));

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.body().get("name").asString()).isEqualTo("Conflict");
        assertThat(second.body().get("message").get(0).asString()).contains("still running");
        assertThat(assign.status()).isEqualTo(409);
        assertThat(first.join().status()).isEqualTo(200);
        assertThat(admin.user("first")).isPresent();
        assertThat(admin.user("second")).isEmpty();
        assertThat(admin.branches()).noneMatch(branch -> "SECOND".equals(branch.code()));
        assertThat(admin.state().refusedConcurrentCalls()).isEqualTo(2);
    }

    private long engineering() {
        return admin.branches().stream().filter(branch -> "ENG".equals(branch.code())).findFirst().orElseThrow().id();
    }

    @Test
    void batches_one_after_the_other_are_all_accepted() {
        for (String username : List.of("one", "two")) {
            DoceboHttp.Answer answer = docebo.post("/manage/v1/user/batch",
                    Map.of("items", List.of(Map.of("username", username)), "options", OPTIONS));
            assertThat(answer.status()).isEqualTo(200);
        }

        assertThat(admin.user("one")).isPresent();
        assertThat(admin.user("two")).isPresent();
        assertThat(admin.refusedConcurrentCalls()).isZero();
    }
}
