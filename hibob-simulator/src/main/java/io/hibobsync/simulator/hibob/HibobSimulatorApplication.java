package io.hibobsync.simulator.hibob;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/** The HiBob simulator as a standalone app: {@code java -jar hibob-simulator-exec.jar}. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(HibobSimulatorConfiguration.class)
public class HibobSimulatorApplication {

    /** Its settings file is hibob-simulator.yml, so a service with this jar on its classpath never reads it. */
    static final String CONFIG_NAME = "hibob-simulator";

    public static void main(String[] args) {
        new SpringApplicationBuilder(HibobSimulatorApplication.class).properties("spring.config.name=" + CONFIG_NAME)
                .run(args);
    }
}
