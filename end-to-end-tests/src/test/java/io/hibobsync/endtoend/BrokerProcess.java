package io.hibobsync.endtoend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Kafka broker in a process of its own, started the way the local stack starts it
 * ({@code java -jar local-stack/target/local-stack.jar --kafka-only}: one KRaft node from the Kafka jars), on ports
 * chosen once and a data folder that outlives it. So it can be stopped and started again like a broker in
 * production: same address, same log directory, every record still there (the storage is formatted only the
 * first time).
 * <p>
 * {@link #stop()} is SIGTERM to the launcher, which stops the broker as an operator's restart does (controlled
 * shutdown, up to 30 s). The launcher's own output goes to {@code <dir>/launcher.log}, the broker's to
 * {@code <dir>/logs/kafka.log}.
 */
final class BrokerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(45);
    private static final String UP = "The local stack is up.";

    /** This repository's launcher, or that of {@code -Dbenchmark.jars=<another checkout>}, as for the services. */
    private final Path launcherJar = ServiceJars.jar("local-stack");
    private final Path dir;
    private final int port;
    private final int controllerPort;
    private volatile Process launcher;
    private int starts;

    /** A broker whose data and logs live in {@code dir} (emptied first), on two free ports kept for its lifetime. */
    BrokerProcess(Path dir) throws IOException {
        this.dir = dir.toAbsolutePath();
        deleteRecursively(this.dir);
        Files.createDirectories(this.dir);
        this.port = ServiceJars.freePort();
        this.controllerPort = ServiceJars.freePort();
        // The broker runs in a session of its own (setsid): should this JVM end without close(), it must not stay.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (launcher != null) {
                killAll(launcher.descendants().toList());
            }
        }, "kafka-broker-process-kill"));
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    boolean isRunning() {
        return launcher != null && launcher.isAlive();
    }

    /** Starts the broker (formatting the storage on the first start only); returns once it answers. */
    void start() throws IOException, InterruptedException {
        if (isRunning()) {
            throw new IllegalStateException("the broker is already running");
        }
        Path log = dir.resolve("launcher.log");
        long offset = Files.exists(log) ? Files.size(log) : 0;
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-jar", launcherJar.toString(), "--kafka-only")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("LOCAL_STACK_DIR", dir.toString());
        builder.environment().put("LOCAL_KAFKA_PORT", String.valueOf(port));
        builder.environment().put("LOCAL_KAFKA_CONTROLLER_PORT", String.valueOf(controllerPort));
        launcher = builder.start();
        launcher.getOutputStream().close();
        starts++;
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!newOutput(log, offset).contains(UP)) {
            if (!launcher.isAlive()) {
                throw new IllegalStateException("The Kafka broker did not start (exit " + launcher.exitValue()
                        + "): " + newOutput(log, offset));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The Kafka broker was not up within " + START_TIMEOUT + "; see " + log);
            }
            launcher.waitFor(200, TimeUnit.MILLISECONDS);
        }
        System.out.printf("Kafka broker (process %d, start %d) is up on %s, data in %s%n", launcher.pid(), starts,
                bootstrapServers(), dir);
    }

    /** Stops the broker as an operator does (SIGTERM: controlled shutdown); returns once its process is gone. */
    void stop() throws InterruptedException {
        if (!isRunning()) {
            return;
        }
        List<ProcessHandle> broker = launcher.descendants().toList();
        launcher.destroy();
        if (!launcher.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            killAll(broker);
            throw new IllegalStateException("The Kafka broker did not stop within " + STOP_TIMEOUT + ": killed");
        }
        for (ProcessHandle child : broker) {
            child.onExit().join();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (launcher == null) {
            return;
        }
        List<ProcessHandle> broker = launcher.descendants().toList();
        try {
            stop();
        } catch (RuntimeException e) {
            System.out.println("Stopping the Kafka broker: " + e.getMessage());
        } finally {
            killAll(broker);
        }
    }

    private void killAll(List<ProcessHandle> broker) {
        broker.forEach(ProcessHandle::destroyForcibly);
        launcher.destroyForcibly();
    }

    private static String newOutput(Path log, long offset) throws IOException {
        byte[] all = Files.readAllBytes(log);
        return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var paths = Files.walk(path)) {
            for (Path each : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(each);
            }
        }
    }
}
