package io.hibobsync.simulator.docebo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "DOCEBO_SIM_RATE_LIMIT_PER_HOUR=4")
class RateLimitContractTest extends DoceboContractTest {

    @Test
    void calls_past_the_hourly_limit_get_429_without_retry_after() {
        // Signing in before each test spent one of the four calls.
        for (int call = 2; call <= 4; call++) {
            assertThat(docebo.get("/manage/v1/user").status()).isEqualTo(200);
        }

        DoceboHttp.Answer refused = docebo.get("/manage/v1/user");

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isNull();
        assertThat(refused.body().get("name").asString()).isEqualTo("Too Many Requests");
        assertThat(refused.body().get("message").get(0).asString()).contains("4 calls per hour");
        assertThat(anonymous().get("/manage/v1/user").status()).as("unauthorised calls count too").isEqualTo(429);
    }

    @Test
    void token_calls_unknown_paths_and_wrong_methods_count_too() {
        // the sign-in (1), another token call (2), an unknown path (3), a wrong method (4)
        assertThat(anonymous().token(Map.of("grant_type", "client_credentials", "client_id", "sync-client",
                "client_secret", "sync-client-secret", "scope", "api")).status()).isEqualTo(200);
        assertThat(docebo.get("/manage/v1/no-such-endpoint").status()).isEqualTo(404);
        assertThat(docebo.delete("/manage/v1/orgchart", Map.of()).status()).isEqualTo(405);
        assertThat(admin.state().callsInLastHour()).isEqualTo(4);

        DoceboHttp.Answer refusedToken = anonymous().token(Map.of("grant_type", "client_credentials",
                "client_id", "sync-client", "client_secret", "sync-client-secret", "scope", "api"));
        assertThat(refusedToken.status()).isEqualTo(429);
        assertThat(refusedToken.body().get("name").asString()).isEqualTo("Too Many Requests");
        assertThat(refusedToken.body().get("status").asInt()).isEqualTo(429);
    }

    @Test
    void the_simulator_admin_api_does_not_count_and_a_reset_restores_the_budget() {
        for (int call = 2; call <= 4; call++) {
            docebo.get("/manage/v1/user");
        }
        assertThat(docebo.sim("GET", "/sim/state", null).status()).isEqualTo(200);
        assertThat(docebo.get("/manage/v1/user").status()).isEqualTo(429);

        admin.reset();

        assertThat(docebo.get("/manage/v1/user").status()).isEqualTo(200);
        assertThat(admin.state().callsInLastHour()).isEqualTo(1);
    }
}
