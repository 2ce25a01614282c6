package io.hibobsync.simulator.docebo;

import io.hibobsync.simulator.docebo.admin.SimulatorAdmin;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A simulator on a random port, reset before each test, with a client signed in by the password grant.
 * Subclasses needing other settings add {@code @TestPropertySource}: each distinct set starts its own
 * simulator.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=" + DoceboSimulatorApplication.CONFIG_NAME,
        // Kafka is on this module's test classpath only for DoceboSimulatorTest; the real app has none.
        "spring.autoconfigure.exclude=org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration,"
                + "org.springframework.boot.kafka.autoconfigure.metrics.KafkaMetricsAutoConfiguration"})
abstract class DoceboContractTest {

    @LocalServerPort
    int port;

    @Autowired
    SimulatorAdmin admin;

    DoceboHttp docebo;

    @BeforeEach
    void resetPlatformAndSignIn() {
        admin.reset();
        docebo = new DoceboHttp("http://localhost:" + port).signIn();
    }

    DoceboHttp anonymous() {
        return new DoceboHttp("http://localhost:" + port);
    }

    long seed(SeedUser user) {
        return admin.seed(user).userId();
    }
}
