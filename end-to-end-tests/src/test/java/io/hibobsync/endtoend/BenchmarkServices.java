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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shipped service jars as processes, like {@link ServiceProcesses}, but with what a benchmark needs to look
 * at them: the JVM options they run with, their pid (for RSS from {@code /proc/<pid>/status}), their management
 * port (for actuator metrics), and one log directory per scenario.
 */
final class BenchmarkServices implements AutoCloseable {

    /** What every service gets unless a scenario says otherwise: the local stack's heap, the JIT as shipped. */
    static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xmx256m");

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(180);

    /** Where {@code <module>/target/<module>.jar} are: this repository, or {@code -Dbenchmark.jars=<another checkout>}. */
    private final Path repositoryRoot = Path.of(System.getProperty("benchmark.jars",
            System.getProperty("sync.repository.root", ".."))).toAbsolutePath();
    private final Path logDir;
    private final Map<String, Service> services = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    BenchmarkServices(String scenario) {
        this.logDir = Path.of("target", "benchmark-logs", scenario).toAbsolutePath();
    }

    /** A started service: its process, public and management ports, console log, and how it was started. */
    record Service(String module, Process process, int port, int managementPort, Path log,
            Map<String, String> environment, List<String> jvmOptions) {

        long pid() {
            return process.pid();
        }

        /** {@code VmRSS} and {@code VmHWM} (peak) of the process, in kB, from {@code /proc/<pid>/status}. */
        Optional<Rss> rss() {
            Path status = Path.of("/proc", String.valueOf(process.pid()), "status");
            try {
                String text = Files.readString(status);
                return Optional.of(new Rss(kilobytes(text, "VmRSS"), kilobytes(text, "VmHWM")));
            } catch (IOException | RuntimeException gone) {
                return Optional.empty();
            }
        }

        private static long kilobytes(String status, String field) {
            Matcher matcher = Pattern.compile("(?m)^" + field + ":\\s+(\\d+) kB").matcher(status);
            if (!matcher.find()) {
                throw new IllegalStateException(field + " not in /proc status");
            }
            return Long.parseLong(matcher.group(1));
        }
    }

    /** Resident set size now and at its peak, in kB. */
    record Rss(long currentKb, long peakKb) {
    }

    Service start(String module, Map<String, String> environment) throws IOException, InterruptedException {
        return start(module, environment, DEFAULT_JVM_OPTIONS);
    }

    /** Starts {@code module}'s jar with these JVM options on free ports; returns once its {@code /readyz} is 200. */
    Service start(String module, Map<String, String> environment, List<String> jvmOptions)
            throws IOException, InterruptedException {
        Service service = launch(module, environment, jvmOptions, freePort(), freePort(), false);
        awaitReady(service);
        return service;
    }

    /**
     * {@code kill -9}: the process gets no chance to finish anything (no shutdown hook, no last commit, no leaving
     * its consumer group). Returns once it is gone.
     */
    void kill(String module) throws InterruptedException {
        Process process = service(module).process();
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(module + " (pid " + process.pid() + ") outlived kill -9 by 30 s");
        }
    }

    /**
     * Starts {@code module} again as it was started before (environment, JVM options, the same ports: HiBob's
     * webhook still points at ingest's), its output appended to the same log; returns once it is ready.
     */
    Service restart(String module) throws IOException, InterruptedException {
        Service before = service(module);
        if (before.process().isAlive()) {
            throw new IllegalStateException(module + " is still running");
        }
        Service service = launch(module, before.environment(), before.jvmOptions(), before.port(),
                before.managementPort(), true);
        awaitReady(service);
        return service;
    }

    private Service launch(String module, Map<String, String> environment, List<String> jvmOptions, int port,
            int managementPort, boolean appendToLog) throws IOException {
        Path jar = repositoryRoot.resolve(module).resolve("target").resolve(module + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with mvn -B -o -q install "
                    + "-Dmaven.test.skip=true -pl '!deployment-tests,!end-to-end-tests'");
        }
        Files.createDirectories(logDir);
        Path log = logDir.resolve(module + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(appendToLog ? ProcessBuilder.Redirect.appendTo(log.toFile())
                        : ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(environment);
        builder.environment().put("SERVER_PORT", String.valueOf(port));
        builder.environment().put("MANAGEMENT_SERVER_PORT", String.valueOf(managementPort));
        Process process = builder.start();
        Service service = new Service(module, process, port, managementPort, log, Map.copyOf(environment),
                List.copyOf(jvmOptions));
        synchronized (services) {
            services.put(module, service);
        }
        return service;
    }

    List<Service> services() {
        synchronized (services) {
            return List.copyOf(services.values());
        }
    }

    Service service(String module) {
        Service service;
        synchronized (services) {
            service = services.get(module);
        }
        if (service == null) {
            throw new IllegalArgumentException(module + " was not started");
        }
        return service;
    }

    /** GET on the service's management port, e.g. {@code /actuator/metrics/jvm.memory.used?tag=area:heap}. */
    String management(String module, String pathAndQuery) throws IOException, InterruptedException {
        Service service = service(module);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.managementPort()
                + pathAndQuery)).timeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IOException(module + " answered " + answer.statusCode() + " to " + pathAndQuery);
        }
        return answer.body();
    }

    private void awaitReady(Service service) throws InterruptedException {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/readyz"))
                .timeout(Duration.ofSeconds(5)).build();
        while (System.nanoTime() < deadline) {
            if (!service.process().isAlive()) {
                throw new IllegalStateException(service.module() + " exited with " + service.process().exitValue()
                        + "; see " + service.log());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // still starting
            }
            service.process().waitFor(250, TimeUnit.MILLISECONDS);
        }
        throw new IllegalStateException(service.module() + " was not ready within " + STARTUP_TIMEOUT + "; see "
                + service.log());
    }

    @Override
    public void close() throws InterruptedException {
        List<Service> started = services();
        for (Service service : started) {
            service.process().destroy();
        }
        for (Service service : started) {
            if (!service.process().waitFor(20, TimeUnit.SECONDS)) {
                service.process().destroyForcibly();
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
