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
 * The services as they ship: each executable jar ({@code <module>/target/<module>.jar}) started with
 * {@code java -jar}, configured only by environment variables, waited for until its {@code /readyz} is 200; with
 * what the benchmark and the fault suite need to look at them (pid, RSS, management port) or to break them
 * ({@code kill -9}, a restart on the same ports). {@link SyncStack} gives them their settings.
 */
class ServiceJars implements AutoCloseable {

    /** The local stack's heap and the JIT as shipped: what the benchmark and the full fault suite measure. */
    static final List<String> AS_SHIPPED = List.of("-Xmx256m");

    /** C1 only, for the tests of every build: on 2 cores the full JIT would take a core from the services. */
    static final List<String> QUICK_START = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1");

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(180);

    private final Path logDir;
    private final Map<String, Service> services = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Services whose console output goes to {@code <logDir>/<module>.log}. */
    ServiceJars(Path logDir) {
        this.logDir = logDir.toAbsolutePath();
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

    /**
     * {@code <module>/target/<module>.jar} of this repository, or of {@code -Dbenchmark.jars=<another checkout>}
     * (the benchmark of an older commit).
     */
    static Path jar(String module) {
        Path jar = Path.of(System.getProperty("benchmark.jars", System.getProperty("sync.repository.root", "..")))
                .toAbsolutePath().resolve(module).resolve("target").resolve(module + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with mvn -B -o -q install "
                    + "-Dmaven.test.skip=true -pl '!deployment-tests,!end-to-end-tests'");
        }
        return jar;
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
        Path jar = jar(module);
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
