package io.hibobsync.simulator.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

class SimulatorSupportAutoConfigurationTest {

    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SimulatorSupportAutoConfiguration.class));

    @Test
    void a_servlet_app_gets_faults_and_call_log_with_the_configured_capacity() {
        web.withPropertyValues("simulator.call-log-capacity=3").run(context -> {
            assertThat(context).hasSingleBean(SimulatorFaults.class);
            assertThat(context.getBean(CallLog.class).capacity()).isEqualTo(3);
        });
    }

    @Test
    void can_be_switched_off_by_a_service_that_only_has_a_simulator_on_its_test_classpath() {
        web.withPropertyValues("simulator.support.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(SimulatorFaults.class));
    }

    @Test
    void stays_out_of_non_web_apps() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SimulatorSupportAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(CallLog.class));
    }
}
