package io.hibobsync.simulator.support;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** The test simulator run standalone, with every auto-configuration, as the simulators' own apps run. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(TestSimulatorConfiguration.class)
class TestSimulatorApplication {
}
