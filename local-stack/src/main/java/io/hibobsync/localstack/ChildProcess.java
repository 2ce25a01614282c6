package io.hibobsync.localstack;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM of the stack: its process, the file its output goes to, and a polite stop (SIGTERM, then SIGKILL).
 *
 * <p>Children start in a session of their own through {@code setsid} when it exists: Ctrl-C in a terminal signals the
 * whole foreground process group, and the launcher, not the terminal, must decide the order things stop in.
 * {@code setsid} replaces itself with the command (it forks only when called by a process-group leader, which a
 * child of the JVM is not), so the process here is the child JVM itself.
 */
final class ChildProcess {

    private static final Optional<Path> SETSID = findOnPath("setsid");
    private static final int TAIL_BYTES = 64 * 1024;

    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} in {@code workDir}, environment: the launcher's plus {@code env}; output to {@code log}. */
    static ChildProcess start(String name, List<String> command, Map<String, String> env, Path log, Path workDir)
            throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        List<String> fullCommand = new ArrayList<>();
        SETSID.ifPresent(setsid -> fullCommand.add(setsid.toString()));
        fullCommand.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(fullCommand)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        ChildProcess child = new ChildProcess(name, process, log);
        Files.writeString(child.pidFile(), process.pid() + "\n");
        process.onExit().thenRun(child::forgetPid);
        return child;
    }

    /**
     * Beside the log while the child runs, so that a start after the launcher was killed (SIGKILL leaves the children
     * running) can say which process still holds the ports.
     */
    static Path pidFileOf(Path log) {
        String logName = log.getFileName().toString();
        String base = logName.endsWith(".log") ? logName.substring(0, logName.length() - 4) : logName;
        return log.resolveSibling(base + ".pid");
    }

    Path pidFile() {
        return pidFileOf(log);
    }

    void forgetPid() {
        try {
            Files.deleteIfExists(pidFile());
        } catch (IOException e) {
            // a stale pid file is reported, and then removed, by the next start's preflight
        }
    }

    /** Whether children are kept out of the terminal's process group (and so out of reach of its Ctrl-C). */
    static boolean detachedFromTerminal() {
        return SETSID.isPresent();
    }

    static Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code, once it has exited. */
    Optional<Integer> exitCode() {
        return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
    }

    CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    /** SIGTERM: the JVM runs its shutdown hooks (Spring's graceful shutdown, Kafka's controlled shutdown). */
    void requestStop() {
        process.destroy();
    }

    boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** SIGKILL, to it and anything it started. */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** The last {@code count} lines of its output, for a report of what went wrong. */
    List<String> lastLogLines(int count) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, file.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            List<String> lines = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\\R"));
            return List.copyOf(lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException e) {
            return List.of("(cannot read " + log + ": " + e.getMessage() + ")");
        }
    }

    private static Optional<Path> findOnPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Arrays.stream(path.split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
