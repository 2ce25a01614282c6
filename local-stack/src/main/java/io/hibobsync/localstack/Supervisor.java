package io.hibobsync.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Owns the stack's child processes: starts them, waits for them to be healthy, notices one dying, and stops them in
 * order — services first, all at once, then the infrastructure they depend on (the broker).
 */
final class Supervisor {

    /** Stop order: every {@link #SERVICE} is stopped before any {@link #INFRASTRUCTURE}. */
    enum Tier { INFRASTRUCTURE, SERVICE }

    static final int REPORTED_LOG_LINES = 30;

    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    /** A service's first health request can be slow: its Kafka check opens an admin client. */
    private static final Duration HEALTH_REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final PrintStream out;
    private final Duration serviceGrace;
    private final Duration infrastructureGrace;
    private final Path workDir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final List<Supervised> children = new ArrayList<>();
    private volatile boolean stopping;

    Supervisor(PrintStream out, Path workDir, Duration serviceGrace, Duration infrastructureGrace) {
        this.out = out;
        this.workDir = workDir.toAbsolutePath().normalize();
        this.serviceGrace = serviceGrace;
        this.infrastructureGrace = infrastructureGrace;
    }

    /** Starts a child, unless the stack is already stopping (Ctrl-C during start-up). */
    synchronized ChildProcess launch(Tier tier, String name, List<String> command, Map<String, String> env, Path log)
            throws StartupFailure {
        if (stopping) {
            throw new StartupFailure("Not starting " + name + ": the stack is stopping");
        }
        try {
            ChildProcess child = ChildProcess.start(name, command, env, log, workDir);
            children.add(new Supervised(tier, child));
            return child;
        } catch (IOException e) {
            throw new StartupFailure("Cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code java -Xmx256m -jar <jar>} with its environment and {@code SERVER_PORT}; waits until it is healthy. */
    ChildProcess startService(ServiceSpec service, Path logDir, Duration healthTimeout) throws StartupFailure {
        Map<String, String> env = new HashMap<>(service.env());
        env.put("SERVER_PORT", Integer.toString(service.port()));
        List<String> command = List.of(ChildProcess.javaExecutable().toString(), "-Xmx256m", "-jar",
                service.jar().toAbsolutePath().toString());
        ChildProcess child = launch(Tier.SERVICE, service.name(), command, env, service.logFile(logDir));
        awaitHealthy(child, service.healthUri(), healthTimeout);
        return child;
    }

    /** Polls the health endpoint until it answers 200 with a top-level status UP; fails early if the child exits. */
    void awaitHealthy(ChildProcess child, URI health, Duration timeout) throws StartupFailure {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (stopping) {
                throw new StartupFailure("Stopped while waiting for " + child.name());
            }
            if (!child.isAlive()) {
                throw new StartupFailure(child.name() + " exited with code " + child.exitCode().orElse(-1)
                        + " while starting." + tail(child));
            }
            if (isUp(health)) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new StartupFailure(child.name() + " did not report UP at " + health + " within "
                        + timeout.toSeconds() + " s." + tail(child));
            }
            if (!pause()) {
                throw new StartupFailure("Interrupted while waiting for " + child.name());
            }
        }
    }

    /**
     * Blocks until a child exits. Returns a report (name, exit code, last log lines) when that was unexpected, or
     * nothing when it exited because the stack is stopping.
     */
    Optional<String> awaitUnexpectedExit() {
        List<ChildProcess> watched = children();
        if (watched.isEmpty()) {
            return Optional.empty();
        }
        CompletableFuture.anyOf(watched.stream().map(ChildProcess::onExit).toArray(CompletableFuture[]::new)).join();
        if (stopping) {
            return Optional.empty();
        }
        return watched.stream().filter(child -> !child.isAlive()).findFirst()
                .map(dead -> dead.name() + " stopped unexpectedly (exit code " + dead.exitCode().orElse(-1) + ")."
                        + tail(dead));
    }

    boolean isStopping() {
        return stopping;
    }

    /**
     * Stops every child, services before infrastructure, each tier with SIGTERM, then SIGKILL for whatever outlives
     * its grace period. Safe to call more than once and from a shutdown hook: true only for the call that stopped.
     */
    synchronized boolean stopAll() {
        if (stopping) {
            return false;
        }
        stopping = true;
        stopTier(Tier.SERVICE, serviceGrace);
        stopTier(Tier.INFRASTRUCTURE, infrastructureGrace);
        return true;
    }

    synchronized List<ChildProcess> children() {
        return children.stream().map(Supervised::child).toList();
    }

    private void stopTier(Tier tier, Duration grace) {
        List<ChildProcess> running = children.stream()
                .filter(supervised -> supervised.tier() == tier)
                .map(Supervised::child)
                .filter(ChildProcess::isAlive)
                .toList();
        if (running.isEmpty()) {
            return;
        }
        out.println("Stopping " + running.stream().map(ChildProcess::name).collect(Collectors.joining(", ")) + " ...");
        running.forEach(ChildProcess::requestStop);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ChildProcess child : running) {
            if (!child.awaitExit(Duration.ofNanos(deadline - System.nanoTime()))) {
                out.println("  " + child.name() + " did not stop within " + grace.toSeconds() + " s: killing it");
                child.kill();
                child.awaitExit(Duration.ofSeconds(5));
            }
            child.forgetPid();
            out.println("  " + child.name() + " stopped");
        }
    }

    private boolean isUp(URI health) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(health).timeout(HEALTH_REQUEST_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && HealthStatus.isUp(response.body());
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The end of a child's log, to append to a report about it. */
    String tail(ChildProcess child) {
        Path log = child.log().toAbsolutePath().normalize();
        Path shown = log.startsWith(workDir) ? workDir.relativize(log) : log;
        return " Last lines of " + shown + ":\n    "
                + String.join("\n    ", child.lastLogLines(REPORTED_LOG_LINES));
    }

    /** Waits one poll interval; false when interrupted. */
    static boolean pause() {
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private record Supervised(Tier tier, ChildProcess child) {
    }
}
