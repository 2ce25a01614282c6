package io.hibobsync.simulator.hibob;

import static io.hibobsync.simulator.hibob.SimulatorHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.hibobsync.simulator.support.CallLog;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The shared fault switches and call log, as they apply to the HiBob API. */
@HibobSimulatorContractTest
class FaultInjectionContractTest extends ContractTestSupport {

    static final String SEARCH = "{\"fields\":[\"root.id\"],\"showInactive\":true}";

    @Autowired
    CallLog callLog;

    @Test
    void a_503_for_the_next_call_then_back_to_normal() {
        http.post("/sim/faults", "{\"status\":503,\"count\":1}");

        var failed = http.search(SEARCH);
        var next = http.search(SEARCH);

        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(failed.body()).isEqualTo("{\"message\":\"simulated fault\"}");
        assertThat(next.statusCode()).isEqualTo(200);
    }

    @Test
    void a_simulated_429_carries_retry_after() {
        http.post("/sim/faults", "{\"status\":429,\"count\":1,\"retryAfterSeconds\":5}");

        var limited = http.search(SEARCH);

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).contains("5");
    }

    @Test
    void the_admin_api_keeps_working_during_an_outage() {
        http.post("/sim/faults", "{\"status\":503,\"durationSeconds\":60}");

        assertThat(http.search(SEARCH).statusCode()).isEqualTo(503);
        assertThat(http.get("/sim/employees").statusCode()).isEqualTo(200);
        assertThat(http.delete("/sim/faults").statusCode()).isEqualTo(204);
        assertThat(http.search(SEARCH).statusCode()).isEqualTo(200);
    }

    @Test
    void the_call_log_records_api_calls_with_credentials_redacted_and_not_admin_calls() {
        http.post("/sim/faults", "{\"status\":500,\"count\":1}");
        http.search(SEARCH);
        http.search(SEARCH);
        http.get("/sim/employees");

        var calls = callLog.calls("POST", "/v1/people/search");
        assertThat(calls).extracting(call -> call.status()).containsExactly(500, 200);
        assertThat(calls).allSatisfy(call -> {
            assertThat(call.body()).isEqualTo(SEARCH);
            assertThat(call.header("Authorization")).isEqualTo("Basic");
        });
        assertThat(callLog.calls()).noneMatch(call -> call.path().startsWith("/sim"));
        var overHttp = json(http.get("/sim/calls?method=POST&path=/v1/people"));
        assertThat(overHttp.size()).isEqualTo(2);
        assertThat(overHttp.get(0).get("headers").get("authorization").asString()).isEqualTo("Basic");
    }
}
