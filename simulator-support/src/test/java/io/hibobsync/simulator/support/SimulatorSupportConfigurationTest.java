package io.hibobsync.simulator.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

class SimulatorSupportConfigurationTest {

    @Test
    void a_simulator_that_imports_it_gets_faults_and_a_call_log_with_the_configured_capacity() {
        new WebApplicationContextRunner()
                .withUserConfiguration(SimulatorSupportConfiguration.class)
                .withPropertyValues("simulator.call-log-capacity=3")
                .run(context -> {
                    assertThat(context).hasSingleBean(SimulatorFaults.class);
                    assertThat(context).hasSingleBean(SimulatorAdminController.class);
                    assertThat(context.getBean(CallLog.class).capacity()).isEqualTo(3);
                });
    }
}
