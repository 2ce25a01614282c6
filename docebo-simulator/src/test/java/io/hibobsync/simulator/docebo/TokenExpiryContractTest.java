package io.hibobsync.simulator.docebo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "DOCEBO_SIM_TOKEN_TTL_SECONDS=2")
class TokenExpiryContractTest extends DoceboContractTest {

    @Test
    void an_expired_token_is_refused_with_401_and_a_new_one_works() {
        DoceboHttp.Answer first = docebo.get("/manage/v1/user");
        assertThat(first.status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(100))
                .until(() -> docebo.get("/manage/v1/user").status() == 401);

        assertThat(docebo.signIn().get("/manage/v1/user").status()).isEqualTo(200);
    }

    @Test
    void the_token_answer_tells_the_configured_lifetime() {
        assertThat(anonymous().token(Map.of("grant_type", "client_credentials", "client_id", "sync-client",
                "client_secret", "sync-client-secret")).body().get("expires_in").asLong()).isEqualTo(2);
    }
}
