package io.hibobsync.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.hibobsync.deployment.EnvExample.Entry;
import io.hibobsync.deployment.Placeholders.Interpolation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** .env.example documents every setting docker-compose.yml reads, with its default, and runs the sandbox as is. */
class EnvExampleTest {

    private final ComposeFile compose = ComposeFile.load();
    private final EnvExample env = EnvExample.load();
    private final List<Interpolation> interpolations = compose.interpolations();

    @Test
    void documents_every_variable_the_compose_file_reads() {
        Set<String> read = interpolations.stream().map(Interpolation::name).collect(Collectors.toCollection(TreeSet::new));

        assertThat(env.entries().keySet()).as(EnvExample.FILE).containsAll(read);
    }

    @Test
    void documents_nothing_the_compose_file_does_not_read() {
        Set<String> read = interpolations.stream().map(Interpolation::name).collect(Collectors.toSet());
        List<String> stale = env.entries().keySet().stream()
                // COMPOSE_PROJECT_NAME and the like are read by Compose itself.
                .filter(name -> !read.contains(name) && !name.startsWith("COMPOSE_"))
                .toList();

        assertThat(stale).as("set in %s but read nowhere in %s", EnvExample.FILE, ComposeFile.FILE).isEmpty();
    }

    @Test
    void explains_every_variable() {
        List<String> unexplained = env.entries().values().stream()
                .filter(entry -> entry.comments().isEmpty())
                .map(entry -> entry.name() + " (line " + entry.line() + ")")
                .toList();

        assertThat(unexplained).as("variables without a comment line just above them").isEmpty();
    }

    @Test
    void gives_each_variable_its_default_or_says_what_production_uses() {
        List<String> problems = new ArrayList<>();
        for (Interpolation interpolation : interpolations) {
            Entry entry = env.entries().get(interpolation.name());
            // A change-me placeholder is replaced anyway.
            if (entry != null && interpolation.hasDefault() && !entry.value().equals(interpolation.argument())
                    && !entry.value().startsWith("change-me") && !entry.comment().contains("Production:")) {
                problems.add(entry.name() + "=" + entry.value() + " but the default is '" + interpolation.argument()
                        + "': use the default, or say in its comment what production uses (\"Production: ...\")");
            }
        }

        assertThat(problems).as(EnvExample.FILE).isEmpty();
    }

    @Test
    void sets_every_required_variable_so_the_sandbox_runs_as_is() {
        List<String> required = interpolations.stream().filter(Interpolation::required).map(Interpolation::name)
                .distinct().toList();

        assertThat(required).as("docker-compose.yml requires some settings (${NAME:?message})").isNotEmpty();
        for (String name : required) {
            assertThat(env.value(name)).as("%s, required by docker-compose.yml", name).isNotBlank();
            assertThat(env.entry(name).comment()).as("the comment of %s", name).startsWith("Required.");
        }
    }

    @Test
    void holds_no_real_secret() {
        for (Entry entry : env.entries().values()) {
            if (entry.name().matches(".*(SECRET|TOKEN|PASSWORD).*")) {
                assertThat(entry.value()).as("%s in %s", entry.name(), EnvExample.FILE)
                        .satisfiesAnyOf(value -> assertThat(value).isEmpty(),
                                value -> assertThat(value).startsWith("change-me"));
            }
        }
    }
}
