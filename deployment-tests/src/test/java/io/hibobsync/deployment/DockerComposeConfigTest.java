package io.hibobsync.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Compose itself says of the file: {@code docker-compose config} interpolates and validates it without a Docker
 * engine. Where no docker-compose is installed these tests are reported skipped, saying so (scripts/check-compose
 * installs it on CI); the structural tests of this module run everywhere.
 */
class DockerComposeConfigTest {

    private static List<String> compose;

    @BeforeAll
    static void findCompose() {
        compose = composeCommand().orElse(null);
        if (compose == null) {
            System.out.println("[deployment-tests] docker-compose is not installed: `docker-compose config` was NOT run "
                    + "(scripts/check-compose installs it and runs it). The structural checks of docker-compose.yml ran.");
        }
    }

    @Test
    void compose_accepts_the_file_with_the_example_settings() throws Exception {
        Result result = config(Map.of(), "--env-file", EnvExample.FILE, "config", "-q");

        assertThat(result.exitCode()).as("%s config -q:\n%s", String.join(" ", compose), result.output()).isZero();
    }

    @Test
    void compose_accepts_the_file_with_the_sandbox_profile() throws Exception {
        Result result = config(Map.of("COMPOSE_PROFILES", "sandbox"),
                "--profile", "sandbox", "--env-file", EnvExample.FILE, "config", "-q");

        assertThat(result.exitCode()).as("%s --profile sandbox config -q:\n%s", String.join(" ", compose),
                result.output()).isZero();
    }

    @Test
    void compose_refuses_to_start_without_the_required_settings(@TempDir Path directory) throws Exception {
        Path empty = Files.createFile(directory.resolve("empty.env"));

        Result result = config(Map.of(), "--env-file", empty.toString(), "config", "-q");

        assertThat(result.exitCode()).as("config with no settings at all").isNotZero();
        assertThat(result.output()).contains("in .env (see .env.example)");
    }

    private static Result config(Map<String, String> environment, String... arguments) throws Exception {
        Assumptions.assumeTrue(compose != null,
                "docker-compose is not installed: `docker-compose config` not run (scripts/check-compose runs it)");
        List<String> command = new ArrayList<>(compose);
        command.addAll(List.of("-f", ComposeFile.FILE));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(Repository.root().toFile()).redirectErrorStream(true);
        // Only the env file may count, not what the shell running the build happens to export.
        Map<String, String> env = builder.environment();
        String path = env.get("PATH");
        String home = env.get("HOME");
        env.clear();
        env.put("PATH", path);
        if (home != null) {
            env.put("HOME", home);
        }
        env.putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish in 2 minutes:\n" + output);
        }
        return new Result(process.exitValue(), output);
    }

    /** Debian's docker-compose (1.29), else the Compose plugin of the Docker CLI. */
    private static Optional<List<String>> composeCommand() {
        if (onPath("docker-compose")) {
            return Optional.of(List.of("docker-compose"));
        }
        if (onPath("docker")) {
            try {
                Process process = new ProcessBuilder("docker", "compose", "version").redirectErrorStream(true).start();
                process.getInputStream().readAllBytes();
                if (process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0) {
                    return Optional.of(List.of("docker", "compose"));
                }
            } catch (IOException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, program))) {
                return true;
            }
        }
        return false;
    }

    private record Result(int exitCode, String output) {
    }
}
