package io.hibobsync.enrich;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Reads the employee behind each HiBob webhook from the HiBob API and publishes a normalized snapshot. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class EnrichApplication {

    public static void main(String[] args) {
        SpringApplication.run(EnrichApplication.class, args);
    }
}
