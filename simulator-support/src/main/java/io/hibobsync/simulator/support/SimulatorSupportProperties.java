package io.hibobsync.simulator.support;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings shared by all simulators.
 *
 * @param callLogCapacity how many calls the {@link CallLog} keeps ({@code simulator.call-log-capacity})
 */
@ConfigurationProperties("simulator")
public record SimulatorSupportProperties(@DefaultValue("10000") int callLogCapacity) {
}
