package io.hibobsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreflightTest {

    @TempDir
    Path root;

    @Test
    void names_every_missing_jar_and_the_command_that_builds_them() throws IOException {
        StackSettings settings = settings();
        Path built = Files.createDirectories(root.resolve("ingest-service/target")).resolve("ingest-service.jar");
        Files.writeString(built, "jar");

        List<String> problems = Preflight.problems(settings, Services.all(settings), port -> true);

        assertThat(problems).containsExactly("Not built yet: hibob-simulator/target/hibob-simulator-exec.jar,"
                + " docebo-simulator/target/docebo-simulator-exec.jar, mail-catcher/target/mail-catcher.jar,"
                + " enrich-service/target/enrich-service.jar,"
                + " docebo-writer-service/target/docebo-writer-service.jar, notifier-service/target/notifier-service.jar."
                + " Build from the repository root with `mvn -B -DskipTests package` (scripts/run-local does it for you).");
    }

    @Test
    void names_a_port_already_in_use_and_whose_it_is() throws IOException {
        StackSettings settings = settings();
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            ServiceSpec service = new ServiceSpec("ingest-service", existingJar(), taken.getLocalPort(), Map.of());

            List<String> problems = Preflight.problems(settings, List.of(service),
                    port -> port == settings.kafkaPort() || port == settings.controllerPort() || Preflight.isFree(port));

            assertThat(problems).singleElement().asString()
                    .startsWith("Port " + taken.getLocalPort() + " for ingest-service is already in use.");
        }
    }

    @Test
    void checks_the_other_ports_a_service_listens_on_such_as_the_mail_catchers_smtp_port() throws IOException {
        StackSettings settings = settings();
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            ServiceSpec catcher = new ServiceSpec("mail-catcher", existingJar(), 8025, Map.of(),
                    Map.of("SMTP", taken.getLocalPort()));

            List<String> problems = Preflight.problems(settings, List.of(catcher),
                    port -> port != taken.getLocalPort());

            assertThat(problems).singleElement().asString()
                    .startsWith("Port " + taken.getLocalPort() + " for mail-catcher SMTP is already in use.");
        }
        ServiceSpec clash = new ServiceSpec("mail-catcher", existingJar(), 8025, Map.of(), Map.of("SMTP", 8025));
        assertThat(Preflight.problems(settings, List.of(clash), port -> true))
                .containsExactly("Port 8025 is given to both mail-catcher and mail-catcher SMTP.");
    }

    @Test
    void refuses_two_owners_for_one_port() throws IOException {
        StackSettings settings = StackSettings.fromEnvironment(Map.of("LOCAL_KAFKA_PORT", "8080"), root, "cp");
        ServiceSpec service = new ServiceSpec("ingest-service", existingJar(), 8080, Map.of());

        assertThat(Preflight.problems(settings, List.of(service), port -> true))
                .containsExactly("Port 8080 is given to both Kafka (LOCAL_KAFKA_PORT) and ingest-service.");
    }

    @Test
    void names_a_child_a_killed_launcher_left_running_and_forgets_those_that_are_gone() throws Exception {
        Path logDir = Files.createDirectories(settings().logDir());
        long runningJava = ProcessHandle.current().pid();
        Files.writeString(logDir.resolve("kafka.pid"), runningJava + "\n");
        Process gone = new ProcessBuilder(ChildProcess.javaExecutable().toString(), "-version").start();
        gone.waitFor();
        Files.writeString(logDir.resolve("enrich-service.pid"), gone.pid() + "\n");

        List<String> problems = Preflight.problems(settings(), List.of(), port -> true);

        assertThat(problems).containsExactly("kafka from a previous run is still running as pid " + runningJava
                + " (was the launcher killed?). Stop it with `kill " + runningJava + "`.");
        assertThat(logDir.resolve("enrich-service.pid")).doesNotExist();
    }

    private StackSettings settings() {
        return StackSettings.fromEnvironment(Map.of(), root, "cp");
    }

    private Path existingJar() throws IOException {
        return Files.writeString(root.resolve("some.jar"), "jar");
    }
}
