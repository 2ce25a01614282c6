package io.hibobsync.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * sync-management.yml, the actuator settings the four services import ({@code spring.config.import}). An imported
 * file wins over the application.yml that imports it, so it must leave alone what each service sets for itself.
 */
class SyncManagementConfigTest {

    private final EnumerablePropertySource<?> shared = load();

    @Test
    void exposes_health_and_metrics_with_probes_and_detail_only_on_the_management_port() {
        assertThat(shared.getProperty("management.endpoints.web.exposure.include"))
                .isEqualTo("health,info,metrics,prometheus");
        assertThat(shared.getProperty("management.endpoint.health.show-details")).isEqualTo("always");
        assertThat(String.valueOf(shared.getProperty("management.endpoint.health.probes.enabled"))).isEqualTo("true");
        assertThat(String.valueOf(shared.getProperty("management.endpoint.health.probes.add-additional-paths")))
                .isEqualTo("true");
        assertThat(shared.getProperty("management.endpoint.health.group.liveness.include")).isEqualTo("livenessState");
        assertThat(shared.getProperty("management.endpoint.health.group.liveness.show-details")).isEqualTo("never");
        assertThat(shared.getProperty("management.endpoint.health.group.readiness.show-details")).isEqualTo("never");
    }

    @Test
    void leaves_each_service_its_own_management_port_and_readiness_checks() {
        assertThat(List.of(shared.getPropertyNames()))
                .doesNotContain("management.server.port", "management.endpoint.health.group.readiness.include")
                .allMatch(name -> name.startsWith("management."), "only actuator settings");
    }

    private static EnumerablePropertySource<?> load() {
        try {
            List<PropertySource<?>> documents = new YamlPropertySourceLoader()
                    .load("sync-management.yml", new ClassPathResource("sync-management.yml"));
            assertThat(documents).hasSize(1);
            return (EnumerablePropertySource<?>) documents.get(0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
