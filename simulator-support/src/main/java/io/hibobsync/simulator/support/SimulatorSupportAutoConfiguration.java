package io.hibobsync.simulator.support;

import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * Gives any servlet simulator app fault injection, a call log and the {@code /sim/faults} and
 * {@code /sim/calls} admin API, just by depending on this module.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
// A service whose tests put a simulator jar on the classpath can switch this off for its own context.
@ConditionalOnBooleanProperty(name = "simulator.support.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SimulatorSupportProperties.class)
public class SimulatorSupportAutoConfiguration {

    /** Outside the fault filter, so faulted answers are logged; after Boot's encoding filter. */
    static final int CALL_LOG_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 100;
    static final int FAULT_FILTER_ORDER = CALL_LOG_FILTER_ORDER + 1;

    @Bean
    @ConditionalOnMissingBean
    public SimulatorFaults simulatorFaults() {
        return new SimulatorFaults();
    }

    @Bean
    @ConditionalOnMissingBean
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
