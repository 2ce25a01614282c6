package io.hibobsync.simulator.docebo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

/** The Java API other modules' tests use to run a simulator next to the service they test. */
class DoceboSimulatorTest {

    @Test
    void starts_on_a_free_port_and_serves_the_api_until_closed() {
        DoceboHttp http;
        try (DoceboSimulator docebo = DoceboSimulator.start()) {
            assertThat(docebo.port()).isPositive().isNotEqualTo(8091);
            assertThat(docebo.baseUrl()).isEqualTo("http://localhost:" + docebo.port());
            http = new DoceboHttp(docebo.baseUrl());

            assertThat(http.token(Map.of("grant_type", "password", "client_id", docebo.clientId(),
                    "client_secret", docebo.clientSecret(), "username", docebo.username(),
                    "password", docebo.password(), "scope", "api")).status()).isEqualTo(200);
            assertThat(docebo.state().rateLimitPerHour()).as("Docebo's historical limit").isEqualTo(1000);
            assertThat(docebo.state().callsInLastHour()).as("the token call counts").isEqualTo(1);
        }
        assertThatThrownBy(() -> http.sim("GET", "/sim/state", null)).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void takes_properties_by_spring_name_or_environment_variable_name_over_the_defaults() {
        try (DoceboSimulator docebo = DoceboSimulator.start(Map.of(
                "docebo.sim.client-secret", "from-the-test",
                "DOCEBO_SIM_BRANCHES", "ONLY:Only branch"))) {
            assertThat(docebo.clientSecret()).isEqualTo("from-the-test");
            assertThat(docebo.branches()).extracting(DoceboBranch::code).containsExactly(null, "ONLY");
        }
    }

    @Test
    void seeds_users_and_exposes_state_faults_call_log_and_reset() {
        try (DoceboSimulator docebo = DoceboSimulator.start()) {
            docebo.seedUser(SeedUser.of("boss", "boss@example.com"));
            DoceboUser seeded = docebo.seedUser(SeedUser.of("jane.doe", "Jane.Doe@Example.com").withName("Jane", "Doe")
                    .withDirectManager("boss").inBranch("ENG"));
            DoceboHttp http = new DoceboHttp(docebo.baseUrl()).signIn();

            docebo.faults().rateLimitNext(1, 7);
            DoceboHttp.Answer limited = http.get("/manage/v1/user/" + seeded.userId());
            DoceboHttp.Answer found = http.get("/manage/v1/user/" + seeded.userId());

            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.header("Retry-After")).isEqualTo("7");
            assertThat(found.body().get("data").get("email").asString()).isEqualTo("Jane.Doe@Example.com");
            assertThat(docebo.user("JANE.DOE")).hasValueSatisfying(user -> {
                assertThat(user.directManager()).isEqualTo("boss");
                assertThat(user.branches()).containsExactly("ENG");
            });
            assertThat(docebo.callLog().calls("GET", "/manage/v1/user")).hasSize(2);
            assertThat(docebo.state().users()).hasSize(3);

            docebo.reset();

            assertThat(docebo.users()).extracting(DoceboUser::username).containsExactly("sync-admin");
            assertThat(docebo.callLog().calls()).isEmpty();
        }
    }

    @Test
    void ignores_kafka_found_on_the_callers_classpath() {
        // spring-kafka is on this module's test classpath, as it is on every service's that starts a simulator.
        try (DoceboSimulator docebo = DoceboSimulator.start()) {
            assertThat(docebo.context().getBeanNamesForType(KafkaTemplate.class)).isEmpty();
            assertThat(docebo.context().getBeanNamesForType(KafkaAdmin.class)).isEmpty();
        }
    }
}
