package io.hibobsync.simulator.poison;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;

/**
 * Stands for an auto-configuration of the module that embeds the simulator (Kafka, a database...) that
 * would fail inside the simulator's context. The embedded simulator must never apply it.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty("poison.enabled")
public class PoisonAutoConfiguration {

    @Bean
    Object poison() {
        throw new IllegalStateException("the caller's auto-configuration leaked into the simulator");
    }
}
