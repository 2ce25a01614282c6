package io.hibobsync.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.hibobsync.deployment.Placeholders.Interpolation;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The sandbox profile closes the loop: HiBob simulator → ingest → enrich → HiBob simulator, writer → Docebo
 * simulator, notifier → mail catcher. Its stand-ins take the credentials the services send from the same .env lines,
 * and .env.example points the services at them.
 */
class SandboxProfileTest {

    private static final Set<String> SANDBOX = Set.of("hibob-simulator", "docebo-simulator", "mail-catcher");

    private final ComposeFile compose = ComposeFile.load();
    private final EnvExample env = EnvExample.load();

    @Test
    void the_sandbox_profile_adds_the_two_simulators_and_the_mail_catcher() {
        Set<String> inSandbox = compose.serviceNames().stream()
                .filter(service -> compose.profiles(service).contains("sandbox"))
                .collect(Collectors.toSet());

        assertThat(inSandbox).isEqualTo(SANDBOX);
        SANDBOX.forEach(service -> assertThat(compose.profiles(service)).as(service).containsExactly("sandbox"));
    }

    @Test
    void nothing_outside_the_profile_needs_what_is_inside() {
        // Otherwise `docker compose up` without the profile refuses to start.
        for (String service : compose.serviceNames()) {
            if (compose.profiles(service).isEmpty() && compose.service(service).containsKey("depends_on")) {
                assertThat(compose.section(service, "depends_on").keySet()).as("%s depends_on", service)
                        .doesNotContainAnyElementsOf(SANDBOX);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"hibob-simulator", "docebo-simulator", "mail-catcher"})
    void each_stand_in_is_given_only_settings_it_reads(String service) {
        String module = compose.buildArguments(service).get("MODULE");
        Set<String> read = ModuleConfiguration.of(module).variables().keySet();

        assertThat(read).as("variables %s reads (%s)", module, ModuleConfiguration.of(module).files())
                .containsAll(compose.environment(service).keySet());
    }

    @Test
    void the_hibob_simulator_sends_its_webhooks_to_ingest_signed_with_ingest_secret() {
        Map<String, String> simulator = compose.environment("hibob-simulator");

        assertThat(simulator.get("HIBOB_SIM_WEBHOOK_URL"))
                .isEqualTo("http://ingest:" + compose.environment("ingest").get("SERVER_PORT") + "/webhooks/hibob");
        assertSameVariable("hibob-simulator", "HIBOB_SIM_WEBHOOK_SECRET", "ingest", "HIBOB_WEBHOOK_SECRET");
    }

    @Test
    void the_simulators_accept_the_credentials_the_services_send() {
        assertSameVariable("hibob-simulator", "HIBOB_SIM_SERVICE_USER_ID", "enrich", "HIBOB_SERVICE_USER_ID");
        assertSameVariable("hibob-simulator", "HIBOB_SIM_SERVICE_USER_TOKEN", "enrich", "HIBOB_SERVICE_USER_TOKEN");
        assertSameVariable("docebo-simulator", "DOCEBO_SIM_CLIENT_ID", "docebo-writer", "DOCEBO_CLIENT_ID");
        assertSameVariable("docebo-simulator", "DOCEBO_SIM_CLIENT_SECRET", "docebo-writer", "DOCEBO_CLIENT_SECRET");
        assertSameVariable("docebo-simulator", "DOCEBO_SIM_USERNAME", "docebo-writer", "DOCEBO_USERNAME");
        assertSameVariable("docebo-simulator", "DOCEBO_SIM_PASSWORD", "docebo-writer", "DOCEBO_PASSWORD");
    }

    @Test
    void the_example_settings_point_the_services_at_the_stand_ins() {
        Map<String, String> mailCatcher = compose.environment("mail-catcher");

        assertThat(env.value("HIBOB_API_URL"))
                .isEqualTo("http://hibob-simulator:" + compose.environment("hibob-simulator").get("SERVER_PORT") + "/v1");
        assertThat(env.value("DOCEBO_URL"))
                .isEqualTo("http://docebo-simulator:" + compose.environment("docebo-simulator").get("SERVER_PORT"));
        assertThat(env.value("SPRING_MAIL_HOST")).isEqualTo("mail-catcher");
        assertThat(env.value("SPRING_MAIL_PORT")).isEqualTo(mailCatcher.get("MAIL_CATCHER_SMTP_PORT"));
    }

    @Test
    void the_stand_ins_are_reachable_from_the_host_as_the_readme_expects() {
        // scripts/hibob-sim defaults to http://localhost:8090, the Docebo simulator's users page is on 8091.
        assertThat(compose.list("hibob-simulator", "ports")).contains("127.0.0.1:8090:8090");
        assertThat(compose.list("docebo-simulator", "ports")).contains("127.0.0.1:8091:8091");
        String inbox = compose.environment("mail-catcher").get("SERVER_PORT");
        assertThat(compose.list("mail-catcher", "ports")).contains("127.0.0.1:" + inbox + ":" + inbox);
        assertThat(compose.list("ingest", "ports")).contains("8080:8080");
    }

    /** The stand-in's setting is interpolated from the very variable the service's setting is. */
    private void assertSameVariable(String standIn, String standInName, String service, String serviceName) {
        List<Interpolation> given = Placeholders.compose(compose.environment(standIn).get(standInName));
        List<Interpolation> sent = Placeholders.compose(compose.environment(service).get(serviceName));

        assertThat(given).as("%s %s", standIn, standInName).hasSize(1);
        assertThat(sent).as("%s %s", service, serviceName).hasSize(1);
        assertThat(given.get(0).name()).as("%s %s is read from the .env line %s's %s is", standIn, standInName, service,
                serviceName).isEqualTo(sent.get(0).name());
    }
}
