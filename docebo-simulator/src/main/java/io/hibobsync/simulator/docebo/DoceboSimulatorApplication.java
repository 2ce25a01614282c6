package io.hibobsync.simulator.docebo;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** Runs the Docebo simulator as a stand-alone web app ({@code java -jar docebo-simulator-exec.jar}). */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(DoceboSimulatorConfiguration.class)
public class DoceboSimulatorApplication {

    /**
     * The simulator reads {@code docebo-simulator.yml}, not {@code application.yml}, so that when it is
     * started inside another module's tests it never picks up that module's own application.yml.
     */
    static final String CONFIG_NAME = "docebo-simulator";

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(DoceboSimulatorApplication.class);
        application.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
        application.run(args);
    }
}
