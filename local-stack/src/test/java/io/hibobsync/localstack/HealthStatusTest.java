package io.hibobsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HealthStatusTest {

    /** What Spring Boot 4's /actuator/health answered for ingest-service on the local stack. */
    private static final String BOOT_UP = """
            {"components":{"diskSpace":{"details":{"total":270553174016,"free":85032816640,"threshold":10485760,\
            "path":"/repo/.","exists":true},"status":"UP"},"kafka":{"details":{"clusterId":"dOxqk5d4Qb69AV1y9m_eCg",\
            "brokers":1},"status":"UP"},"livenessState":{"status":"UP"},"ping":{"status":"UP"},\
            "readinessState":{"status":"UP"},"ssl":{"details":{"expiringChains":[],"invalidChains":[],\
            "validChains":[]},"status":"UP"}},"groups":["liveness","readiness"],"status":"UP"}""";

    @Test
    void reads_the_overall_status_that_boot_writes_after_the_components() {
        assertThat(HealthStatus.topLevelStatus(BOOT_UP)).hasValue("UP");
        assertThat(HealthStatus.isUp(BOOT_UP)).isTrue();
    }

    @Test
    void is_not_fooled_by_components_that_are_up_when_the_whole_is_down() {
        String down = "{\"components\":{\"ping\":{\"status\":\"UP\"},\"kafka\":{\"status\":\"DOWN\"}},"
                + "\"status\":\"DOWN\"}";

        assertThat(HealthStatus.topLevelStatus(down)).hasValue("DOWN");
        assertThat(HealthStatus.isUp(down)).isFalse();
    }

    @Test
    void is_not_fooled_by_the_word_status_as_a_value_or_inside_a_string() {
        assertThat(HealthStatus.topLevelStatus("{\"note\":\"status\",\"x\":\"a \\\"status\\\": \\\"UP\\\"\","
                + "\"status\":\"OUT_OF_SERVICE\"}")).hasValue("OUT_OF_SERVICE");
        assertThat(HealthStatus.topLevelStatus("{\"components\":{\"ping\":{\"status\":\"UP\"}}}")).isEmpty();
        assertThat(HealthStatus.isUp("<html>Whitelabel Error Page</html>")).isFalse();
    }
}
