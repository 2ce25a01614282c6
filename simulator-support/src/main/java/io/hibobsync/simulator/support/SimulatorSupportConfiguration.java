package io.hibobsync.simulator.support;

import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Fault injection, the call log and the {@code /sim/faults} and {@code /sim/calls} admin API for one
 * simulator. Opt-in: a simulator's configuration {@code @Import}s it. It is deliberately not an
 * auto-configuration, so a service whose tests have a simulator jar on the classpath never gets the
 * filters or the endpoints in its own context.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SimulatorSupportProperties.class)
public class SimulatorSupportConfiguration {

    /** Outside the fault filter, so faulted answers are logged; after Boot's encoding filter. */
    static final int CALL_LOG_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 100;
    static final int FAULT_FILTER_ORDER = CALL_LOG_FILTER_ORDER + 1;

    @Bean
    public SimulatorFaults simulatorFaults() {
        return new SimulatorFaults();
    }

    @Bean
    public CallLog simulatorCallLog(SimulatorSupportProperties properties) {
        return new CallLog(properties.callLogCapacity());
    }

    @Bean
    FilterRegistrationBean<CallLogFilter> simulatorCallLogFilter(CallLog callLog) {
        var registration = new FilterRegistrationBean<>(new CallLogFilter(callLog, Clock.systemUTC()));
        registration.setOrder(CALL_LOG_FILTER_ORDER);
        return registration;
    }

    @Bean
    FilterRegistrationBean<FaultInjectionFilter> simulatorFaultInjectionFilter(SimulatorFaults faults) {
        var registration = new FilterRegistrationBean<>(new FaultInjectionFilter(faults));
        registration.setOrder(FAULT_FILTER_ORDER);
        return registration;
    }

    @Bean
    SimulatorAdminController simulatorAdminController(SimulatorFaults faults, CallLog callLog) {
        return new SimulatorAdminController(faults, callLog);
    }
}
