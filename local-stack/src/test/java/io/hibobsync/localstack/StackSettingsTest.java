package io.hibobsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackSettingsTest {

    private static final Path ROOT = Path.of("/repo");

    @Test
    void defaults_to_dot_local_in_the_repository_and_the_documented_ports() {
        StackSettings settings = StackSettings.fromEnvironment(Map.of(), ROOT, "cp");

        assertThat(settings.stackDir()).isEqualTo(Path.of("/repo/.local"));
        assertThat(settings.kafkaDataDir()).isEqualTo(Path.of("/repo/.local/kafka"));
        assertThat(settings.logDir()).isEqualTo(Path.of("/repo/.local/logs"));
        assertThat(settings.bootstrapServers()).isEqualTo("127.0.0.1:19092");
        assertThat(settings.controllerPort()).isEqualTo(19093);
        assertThat(settings.webhookSecret()).isEqualTo("local-dev-webhook-secret");
    }

    @Test
    void takes_folder_ports_and_secret_from_the_environment() {
        StackSettings settings = StackSettings.fromEnvironment(Map.of(
                "LOCAL_STACK_DIR", "tmp/stack",
                "LOCAL_KAFKA_PORT", "29092",
                "LOCAL_KAFKA_CONTROLLER_PORT", "29093",
                "HIBOB_WEBHOOK_SECRET", "s3cret"), ROOT, "cp");

        assertThat(settings.stackDir()).isEqualTo(Path.of("/repo/tmp/stack"));
        assertThat(settings.bootstrapServers()).isEqualTo("127.0.0.1:29092");
        assertThat(settings.controllerPort()).isEqualTo(29093);
        assertThat(settings.webhookSecret()).isEqualTo("s3cret");
        assertThat(StackSettings.fromEnvironment(Map.of("LOCAL_STACK_DIR", "/var/stack"), ROOT, "cp").stackDir())
                .isEqualTo(Path.of("/var/stack"));
    }

    @Test
    void rejects_a_port_that_is_not_one_naming_the_variable() {
        assertThatThrownBy(() -> StackSettings.fromEnvironment(Map.of("LOCAL_KAFKA_PORT", "nineteen"), ROOT, "cp"))
                .hasMessage("LOCAL_KAFKA_PORT must be a port number between 1 and 65535, was 'nineteen'");
        assertThatThrownBy(() -> StackSettings.fromEnvironment(Map.of("LOCAL_KAFKA_CONTROLLER_PORT", "70000"), ROOT,
                "cp")).hasMessageContaining("LOCAL_KAFKA_CONTROLLER_PORT");
    }

    @Test
    void finds_the_checkout_and_the_lib_folder_from_where_the_launcher_jar_is(@TempDir Path dir) throws IOException {
        Path target = Files.createDirectories(dir.resolve("checkout/local-stack/target"));
        Files.createDirectories(target.resolve("lib"));
        Path jar = target.resolve("local-stack.jar");

        assertThat(StackSettings.repoRootOf(jar)).isEqualTo(dir.resolve("checkout"));
        assertThat(StackSettings.repoRootOf(target.resolve("classes"))).isEqualTo(dir.resolve("checkout"));
        assertThat(StackSettings.childClasspathOf(jar)).isEqualTo(target.resolve("lib") + "/*");
        assertThat(StackSettings.repoRootOf(dir.resolve("elsewhere/app.jar"))).isEqualTo(Path.of("").toAbsolutePath());
    }

    @Test
    void shows_paths_inside_the_checkout_relative_to_it() {
        StackSettings settings = StackSettings.fromEnvironment(Map.of(), ROOT, "cp");

        assertThat(settings.display(Path.of("/repo/.local/logs/kafka.log"))).isEqualTo(".local/logs/kafka.log");
        assertThat(settings.display(Path.of("/var/stack/kafka"))).isEqualTo("/var/stack/kafka");
    }
}
