package io.hibobsync.endtoend;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The services as they ship: each executable jar ({@code <module>/target/<module>.jar}) started with
 * {@code java -jar}, configured only by environment variables, waited for until its health says UP.
 */
final class ServiceProcesses implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

    private final Path repositoryRoot = Path.of(System.getProperty("sync.repository.root", "..")).toAbsolutePath();
    private final Path logDir = Path.of("target", "service-logs").toAbsolutePath();
    private final List<Process> processes = new ArrayList<>();
    private final List<Path> logFiles = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    /** Starts {@code module}'s jar on a free port and returns that port once the service is healthy. */
    int start(String module, Map<String, String> environment) throws IOException, InterruptedException {
        Path jar = repositoryRoot.resolve(module).resolve("target").resolve(module + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with mvn -B -DskipTests package");
        }
        int port = freePort();
        Files.createDirectories(logDir);
        Path log = logDir.resolve(module + ".log");
        logFiles.add(log);
        ProcessBuilder builder = new ProcessBuilder(javaExecutable(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        // No nightly reconciliation in the middle of a test run (CI may run at 02:00).
        builder.environment().putIfAbsent("SYNC_RECONCILE_CRON", "-");
        builder.environment().put("SERVER_PORT", String.valueOf(port));
        builder.environment().put("MANAGEMENT_SERVER_PORT", String.valueOf(freePort()));
        Process process = builder.start();
        processes.add(process);
        awaitHealthy(module, process, port);
        return port;
    }

    private void awaitHealthy(String module, Process process, int port) throws InterruptedException {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                .timeout(Duration.ofSeconds(5)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(module + " exited with " + process.exitValue() + "; see "
                        + logDir.resolve(module + ".log"));
            }
            try {
                HttpResponse<String> answer = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // still starting
            }
            process.waitFor(250, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        throw new IllegalStateException(module + " was not healthy within " + STARTUP_TIMEOUT + "; see "
                + logDir.resolve(module + ".log"));
    }

    /** The console output of every service started, one file each. */
    List<Path> logFiles() {
        return List.copyOf(logFiles);
    }

    @Override
    public void close() throws InterruptedException {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
