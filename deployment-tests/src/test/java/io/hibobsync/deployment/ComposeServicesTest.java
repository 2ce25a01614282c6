package io.hibobsync.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.hibobsync.deployment.Placeholders.Interpolation;
import io.hibobsync.deployment.Placeholders.SpringPlaceholder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The four services in docker-compose.yml against what each one reads: its application.yml is the contract, and
 * Compose must hand every variable in it through from .env, with the same default as the service's own.
 */
class ComposeServicesTest {

    /** Variables whose compose default differs from the service's on purpose. */
    private static final Set<String> COMPOSE_OWN_DEFAULTS = Set.of(
            // The service's default is localhost:9092; in compose the broker is the kafka container.
            "KAFKA_BOOTSTRAP_SERVERS");

    private final ComposeFile compose = ComposeFile.load();
    private final BootProperties boot = BootProperties.load();

    @ParameterizedTest(name = "{0} ({1})")
    @CsvSource({"ingest, ingest-service", "enrich, enrich-service", "docebo-writer, docebo-writer-service",
            "notifier, notifier-service"})
    void sets_every_variable_the_service_reads(String service, String module) {
        Set<String> read = ModuleConfiguration.of(module).variables().keySet();
        Set<String> set = compose.environment(service).keySet();

        assertThat(new TreeSet<>(set))
                .as("%s's environment in docker-compose.yml must set every variable %s/src/main/resources reads "
                        + "(add the missing ones, and to .env.example)", service, module)
                .containsAll(read);
    }

    @ParameterizedTest(name = "{0} ({1})")
    @CsvSource({"ingest, ingest-service", "enrich, enrich-service", "docebo-writer, docebo-writer-service",
            "notifier, notifier-service"})
    void sets_no_variable_the_service_does_not_read(String service, String module) {
        Set<String> read = ModuleConfiguration.of(module).variables().keySet();
        List<String> unknown = compose.environment(service).keySet().stream()
                .filter(name -> !read.contains(name) && !boot.binds(name))
                .toList();

        assertThat(unknown)
                .as("%s sets variables that neither %s's application.yml nor Spring Boot reads (a typo, or a "
                        + "setting the service dropped)", service, module)
                .isEmpty();
    }

    @ParameterizedTest(name = "{0} ({1})")
    @CsvSource({"ingest, ingest-service", "enrich, enrich-service", "docebo-writer, docebo-writer-service",
            "notifier, notifier-service"})
    void passes_each_variable_through_from_env_with_the_service_default(String service, String module) {
        Map<String, SpringPlaceholder> read = ModuleConfiguration.of(module).variables();
        List<String> problems = new ArrayList<>();
        compose.environment(service).forEach((name, value) -> {
            List<Interpolation> interpolations = Placeholders.compose(value);
            SpringPlaceholder placeholder = read.get(name);
            if (interpolations.isEmpty()) {
                // A fixed value (SERVER_PORT) must be what the service would use anyway.
                if (placeholder == null || !value.equals(placeholder.defaultOrEmpty())) {
                    problems.add(name + ": fixed to '" + value + "'; write ${" + name + ":-default} so .env can set it");
                }
                return;
            }
            Interpolation interpolation = interpolations.get(0);
            if (interpolations.size() != 1 || !interpolation.wholeValue() || !interpolation.name().equals(name)) {
                problems.add(name + ": '" + value + "' must be exactly ${" + name + ":-default} or ${" + name + ":?message}");
            } else if (!interpolation.required() && !interpolation.hasDefault()) {
                problems.add(name + ": give the default (${" + name + ":-...}) or require it (${" + name + ":?...})");
            } else if (interpolation.hasDefault() && placeholder != null && !COMPOSE_OWN_DEFAULTS.contains(name)
                    && !interpolation.argument().equals(placeholder.defaultOrEmpty())) {
                problems.add(name + ": compose default '" + interpolation.argument() + "' but " + module
                        + " defaults to '" + placeholder.defaultOrEmpty() + "'");
            }
        });

        assertThat(problems).as("%s's environment in docker-compose.yml", service).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ingest", "enrich", "docebo-writer", "notifier"})
    void starts_once_kafka_is_healthy(String service) {
        Map<String, Object> dependsOn = compose.section(service, "depends_on");

        assertThat(dependsOn).as("%s depends_on", service).containsKey("kafka");
        assertThat(dependsOn.get("kafka")).as("%s depends_on kafka", service)
                .isEqualTo(Map.of("condition", "service_healthy"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ingest", "enrich", "docebo-writer", "notifier"})
    void always_runs_and_restarts_after_a_crash(String service) {
        assertThat(compose.profiles(service)).as("%s must not be in a profile: it always runs", service).isEmpty();
        assertThat(compose.service(service).get("restart")).as("%s restart", service).isEqualTo("unless-stopped");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ingest", "enrich", "docebo-writer", "notifier", "hibob-simulator", "docebo-simulator", "mail-catcher"})
    void checks_its_health_at_its_public_port(String service) {
        String port = compose.environment(service).get("SERVER_PORT");

        assertThat(port).as("%s sets SERVER_PORT, the port its health check calls", service).isNotBlank();
        assertThat(compose.healthCheckCommand(service)).as("%s healthcheck", service)
                .contains("http://localhost:" + port + healthPath(service));
        assertThat(compose.buildArguments(service).get("PORT")).as("%s build arg PORT (EXPOSE)", service)
                .isEqualTo(port);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ingest", "enrich", "docebo-writer", "notifier", "hibob-simulator", "docebo-simulator", "mail-catcher"})
    void has_a_memory_limit_a_jvm_fits_in(String service) {
        Object limit = compose.service(service).get("mem_limit");

        assertThat(limit).as("%s mem_limit", service).isNotNull();
        // The image gives the heap 75% of the limit; below 512 MiB the rest is too little for a Boot app.
        assertThat(Sizes.bytes(limit.toString())).as("%s mem_limit %s", service, limit)
                .isGreaterThanOrEqualTo(512L * 1024 * 1024);
    }

    /** The four services answer their readiness probe publicly (actuator is on the management port). */
    private static String healthPath(String service) {
        return List.of("ingest", "enrich", "docebo-writer", "notifier").contains(service) ? "/readyz" : "/actuator/health";
    }
}
