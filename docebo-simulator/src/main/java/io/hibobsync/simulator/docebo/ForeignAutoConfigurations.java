package io.hibobsync.simulator.docebo;

import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;

/**
 * Auto-configurations on the classpath that the simulator must not run. Started inside another module's
 * tests, the simulator shares that module's classpath: Kafka, mail, JDBC, security, and the sync's own
 * auto-configurations (which expect a Kafka set-up) would otherwise start in the simulator too, and could
 * fail it or lock its endpoints.
 */
final class ForeignAutoConfigurations {

    private static final List<String> FOREIGN_PREFIXES = List.of(
            "io.hibobsync.",
            "org.springframework.boot.kafka.",
            "org.springframework.boot.mail.",
            "org.springframework.boot.jdbc.",
            "org.springframework.boot.r2dbc.",
            "org.springframework.boot.jpa.",
            "org.springframework.boot.hibernate.",
            "org.springframework.boot.flyway.",
            "org.springframework.boot.liquibase.",
            "org.springframework.boot.data.",
            "org.springframework.boot.security.",
            "org.springframework.boot.session.",
            "org.springframework.boot.amqp.",
            "org.springframework.boot.pulsar.");

    /** What every simulator needs from this project: fault injection and the call log. */
    private static final String OWN_PREFIX = "io.hibobsync.simulator.";

    private ForeignAutoConfigurations() {
    }

    static List<String> onClasspath(ClassLoader classLoader) {
        return ImportCandidates.load(AutoConfiguration.class, classLoader).getCandidates().stream()
                .filter(ForeignAutoConfigurations::isForeign)
                .toList();
    }

    static boolean isForeign(String autoConfiguration) {
        return !autoConfiguration.startsWith(OWN_PREFIX)
                && FOREIGN_PREFIXES.stream().anyMatch(autoConfiguration::startsWith);
    }
}
