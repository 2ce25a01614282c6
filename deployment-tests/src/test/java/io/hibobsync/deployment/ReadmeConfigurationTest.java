package io.hibobsync.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's Configuration section is the contract: it names every variable a service reads, and no other. */
class ReadmeConfigurationTest {

    private static final List<String> SERVICES =
            List.of("ingest-service", "enrich-service", "docebo-writer-service", "notifier-service");
    private static final Pattern DOCUMENTED = Pattern.compile("`([A-Z][A-Z0-9_]+)`");

    @Test
    void documents_every_variable_each_service_reads() {
        Set<String> documented = documentedVariables();
        for (String service : SERVICES) {
            assertThat(documented).as("variables of %s missing from the README's Configuration section", service)
                    .containsAll(ModuleConfiguration.of(service).variables().keySet());
        }
    }

    @Test
    void documents_no_variable_that_no_service_reads() {
        Set<String> read = SERVICES.stream()
                .flatMap(service -> ModuleConfiguration.of(service).variables().keySet().stream())
                .collect(Collectors.toSet());
        // Spring Boot binds these itself (relaxed binding), without a placeholder in application.yml.
        Set<String> boundByBoot = Set.of("SPRING_MAIL_USERNAME", "SPRING_MAIL_PASSWORD");
        assertThat(documentedVariables()).as("README variables that no service reads")
                .allMatch(variable -> read.contains(variable) || boundByBoot.contains(variable));
    }

    private static Set<String> documentedVariables() {
        String readme = Repository.read("README.md");
        int start = readme.indexOf("\n## Configuration");
        int end = readme.indexOf("\n## ", start + 1);
        assertThat(start).as("README has a Configuration section").isPositive();
        Set<String> variables = new java.util.TreeSet<>();
        for (String line : readme.substring(start, end).split("\n")) {
            if (line.startsWith("| `")) {
                String firstCell = line.substring(1, line.indexOf('|', 1));
                Matcher variable = DOCUMENTED.matcher(firstCell);
                while (variable.find()) {
                    variables.add(variable.group(1));
                }
            }
        }
        return variables;
    }
}
