package io.hibobsync.writer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Applies each employee snapshot to Docebo: creates, updates, deactivates, reactivates or deletes the user. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DoceboWriterApplication {

    public static void main(String[] args) {
        SpringApplication.run(DoceboWriterApplication.class, args);
    }
}
