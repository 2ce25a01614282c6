package io.hibobsync.endtoend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The recovery tool as it ships: {@code java -jar sync-replay/target/sync-replay.jar <args>}, run to its end as
 * an operator would, with its exit code and what it printed.
 */
final class SyncReplayJar {

    private static final long TIMEOUT_SECONDS = 120;

    private final Path jar = ServiceJars.jar("sync-replay");
    private final Path logDir = Path.of("target", "service-logs").toAbsolutePath();
    private final String bootstrapServers;
    private int runs;

    SyncReplayJar(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Runs the jar with {@code KAFKA_BOOTSTRAP_SERVERS} set to the test broker, and waits for it to end. */
    Result run(String... args) throws IOException, InterruptedException {
        Files.createDirectories(logDir);
        runs++;
        Path out = logDir.resolve("sync-replay-" + runs + ".out");
        Path err = logDir.resolve("sync-replay-" + runs + ".err");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("sync-replay " + String.join(" ", args) + " did not end within "
                    + TIMEOUT_SECONDS + " s; see " + out);
        }
        Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        System.out.printf("sync-replay %s -> %d%n%s%s%n", String.join(" ", args), result.exitCode(), result.out(),
                result.err());
        return result;
    }

    /** What one run printed, and how it ended. */
    record Result(int exitCode, String out, String err) {
    }
}
