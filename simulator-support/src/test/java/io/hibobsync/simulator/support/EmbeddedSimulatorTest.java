package io.hibobsync.simulator.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;

/** The one way a simulator starts inside another module's test. */
class EmbeddedSimulatorTest {

    private static final String CONFIG_NAME = "test-simulator";
    private static final String GREETING = "test.simulator.greeting";
    /** What test-simulator.yml reads the greeting from, as the simulators' files read {@code HIBOB_SIM_*}. */
    private static final String GREETING_VARIABLE = "TEST_SIM_GREETING";

    @Test
    void starts_on_a_random_port_with_fault_injection_and_call_log_until_closed() throws Exception {
        EmbeddedSimulator closed;
        try (var simulator = start(Map.of())) {
            simulator.faults().failNext(503, 1);

            assertThat(simulator.port()).isPositive();
            assertThat(simulator.baseUrl()).isEqualTo("http://localhost:" + simulator.port());
            assertThat(get(simulator, "/api/hello").statusCode()).isEqualTo(503);
            assertThat(get(simulator, "/api/hello").statusCode()).isEqualTo(200);
            assertThat(simulator.callLog().calls("GET", "/api/hello")).extracting(RecordedCall::status)
                    .containsExactly(503, 200);
            closed = simulator;
        }
        assertThatThrownBy(() -> get(closed, "/api/hello")).isInstanceOf(IOException.class);
    }

    @Test
    void reads_its_own_settings_file_not_the_callers_application_properties() throws Exception {
        try (var simulator = start(Map.of())) {
            assertThat(get(simulator, "/api/greeting").body()).isEqualTo("hello from test-simulator.yml");
        }
    }

    @Test
    void properties_by_spring_name_or_environment_variable_name_win_over_the_environment() throws Exception {
        try {
            System.setProperty(GREETING, "from the environment");
            try (var fromEnvironment = start(Map.of());
                 var bySpringName = start(Map.of(GREETING, "from the test"))) {
                assertThat(get(fromEnvironment, "/api/greeting").body()).isEqualTo("from the environment");
                assertThat(get(bySpringName, "/api/greeting").body()).isEqualTo("from the test");
            }
            System.clearProperty(GREETING);
            System.setProperty(GREETING_VARIABLE, "from the environment, by variable name");
            try (var fromEnvironment = start(Map.of());
                 var byVariableName = start(Map.of(GREETING_VARIABLE, "from the test, by variable name"))) {
                assertThat(get(fromEnvironment, "/api/greeting").body()).isEqualTo("from the environment, by variable name");
                assertThat(get(byVariableName, "/api/greeting").body()).isEqualTo("from the test, by variable name");
            }
        } finally {
            System.clearProperty(GREETING);
            System.clearProperty(GREETING_VARIABLE);
        }
    }

    @Test
    void applies_only_the_web_auto_configurations_not_the_rest_of_the_callers_classpath() throws Exception {
        // Actuator is on this module's classpath, as Kafka or the sync's own auto-configurations are on a service's.
        try (var simulator = start(Map.of())) {
            assertThat(simulator.context().getBeanNamesForType(HealthEndpoint.class)).isEmpty();
            assertThat(get(simulator, "/actuator/health").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void leaves_the_callers_logging_alone() {
        var logging = LoggingSystem.get(getClass().getClassLoader());
        String logger = "io.hibobsync.a.callers.logger";
        // A Boot app closing in this JVM would mark logging as not initialised, so the next one would redo it.
        start(Map.of()).close();
        logging.setLogLevel(logger, LogLevel.TRACE);

        try (var simulator = start(Map.of())) {
            assertThat(logging.getLoggerConfiguration(logger).getConfiguredLevel()).isEqualTo(LogLevel.TRACE);
        } finally {
            logging.setLogLevel(logger, null);
        }
    }

    private static EmbeddedSimulator start(Map<String, ?> properties) {
        return EmbeddedSimulator.start(TestSimulatorConfiguration.class, CONFIG_NAME, properties);
    }

    private static HttpResponse<String> get(EmbeddedSimulator simulator, String path)
            throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
