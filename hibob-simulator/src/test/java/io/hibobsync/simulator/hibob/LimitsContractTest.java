package io.hibobsync.simulator.hibob;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=hibob-simulator",
        "hibob.simulator.seed-employees=10",
        "hibob.simulator.search-rate-limit-per-minute=3",
        "hibob.simulator.read-rate-limit-per-minute=2",
        "hibob.simulator.auth-failures-before-block=3"})
class LimitsContractTest extends ContractTestSupport {

    static final String SEARCH = "{\"fields\":[\"root.id\"]}";

    @Test
    void search_is_limited_per_minute_with_hibob_headers_then_429() {
        long now = Instant.now().getEpochSecond();
        var first = http.search(SEARCH);
        var second = http.search(SEARCH);
        var third = http.search(SEARCH);
        var fourth = http.search(SEARCH);

        assertThat(first.headers().firstValue("X-RateLimit-Remaining")).contains("2");
        assertThat(second.headers().firstValue("X-RateLimit-Remaining")).contains("1");
        assertThat(third.statusCode()).isEqualTo(200);
        assertThat(third.headers().firstValue("X-RateLimit-Remaining")).contains("0");
        assertThat(fourth.statusCode()).isEqualTo(429);
        assertThat(fourth.headers().firstValue("X-RateLimit-Limit")).contains("3");
        assertThat(fourth.headers().firstValue("X-RateLimit-Remaining")).contains("0");
        long resetAt = Long.parseLong(fourth.headers().firstValue("X-RateLimit-Reset").orElseThrow());
        assertThat(resetAt).isBetween(now + 1, now + 62);
        assertThat(first.headers().firstValue("X-RateLimit-Reset")).contains(Long.toString(resetAt));
    }

    @Test
    void each_endpoint_has_its_own_limit() {
        String id = admin.list().get(0).id();
        for (int i = 0; i < 3; i++) {
            http.search(SEARCH);
        }

        var read = http.read(id, SEARCH);
        http.read(id, SEARCH);
        var limitedRead = http.read(id, SEARCH);

        assertThat(http.search(SEARCH).statusCode()).isEqualTo(429);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue("X-RateLimit-Limit")).contains("2");
        assertThat(limitedRead.statusCode()).isEqualTo(429);
    }

    @Test
    void calls_with_bad_credentials_do_not_use_up_the_limit() {
        http.postAs(SimulatorHttp.basic("sync-service-user", "wrong"), "/v1/people/search", SEARCH);
        http.postAs(null, "/v1/people/search", SEARCH);

        assertThat(http.search(SEARCH).headers().firstValue("X-RateLimit-Remaining")).contains("2");
    }

    @Test
    void repeated_401s_block_the_caller_even_with_good_credentials_until_reset() {
        String wrong = SimulatorHttp.basic("sync-service-user", "wrong");
        for (int i = 0; i < 3; i++) {
            assertThat(http.postAs(wrong, "/v1/people/search", SEARCH).statusCode()).isEqualTo(401);
        }

        var blocked = http.search(SEARCH);
        reset.reset();
        var afterReset = http.search(SEARCH);

        assertThat(blocked.statusCode()).isEqualTo(401);
        assertThat(blocked.body()).isEmpty();
        assertThat(afterReset.statusCode()).isEqualTo(200);
    }

    @Test
    void the_service_user_can_be_changed_to_simulate_a_revoked_token() {
        var changed = http.put("/sim/service-user", "{\"id\":\"sync-service-user\",\"token\":\"rotated\"}");

        assertThat(changed.statusCode()).isEqualTo(204);
        assertThat(http.search(SEARCH).statusCode()).isEqualTo(401);
        assertThat(http.postAs(SimulatorHttp.basic("sync-service-user", "rotated"), "/v1/people/search", SEARCH).statusCode())
                .isEqualTo(200);
        assertThat(http.put("/sim/service-user", "{\"id\":\"x\"}").statusCode()).isEqualTo(400);
    }
}
