package io.hibobsync.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * One Kafka node in KRaft mode (broker and controller in one JVM) on loopback, run from the Kafka jars as a child
 * process. Its data folder outlives it: the storage is formatted only the first time, so records survive a restart.
 *
 * <p>Beside the data folder: {@code <data>-server.properties}, rewritten on every start (ports may change), and
 * {@code <data>-cluster-id}, the id the storage was formatted with.
 */
final class KafkaBroker {

    static final String NAME = "kafka";

    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
    private static final int ADMIN_TIMEOUT_MS = 3_000;

    private final Path dataDir;
    private final Path logDir;
    private final int port;
    private final int controllerPort;
    private final String classpath;

    KafkaBroker(Path dataDir, Path logDir, int port, int controllerPort, String classpath) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.logDir = logDir.toAbsolutePath().normalize();
        this.port = port;
        this.controllerPort = controllerPort;
        this.classpath = classpath;
    }

    /** What a start did: the broker's process, whether the storage had to be formatted, and the cluster id. */
    record Started(ChildProcess process, boolean formatted, String clusterId) {
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    Path dataDir() {
        return dataDir;
    }

    Path serverProperties() {
        return dataDir.resolveSibling(dataDir.getFileName() + "-server.properties");
    }

    Path clusterIdFile() {
        return dataDir.resolveSibling(dataDir.getFileName() + "-cluster-id");
    }

    Path logFile() {
        return logDir.resolve(NAME + ".log");
    }

    /** {@code meta.properties} is what {@code kafka-storage format} writes, and the broker won't start without it. */
    boolean isFormatted() {
        return Files.exists(dataDir.resolve("meta.properties"));
    }

    /** The configuration of a single KRaft node; topics are never created on demand: the services declare theirs. */
    Map<String, String> serverConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", "1");
        config.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        config.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        config.put("controller.listener.names", "CONTROLLER");
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        config.put("log.dirs", dataDir.toString());
        config.put("offsets.topic.replication.factor", "1");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        config.put("auto.create.topics.enable", "false");
        return config;
    }

    void writeServerProperties() throws IOException {
        Files.createDirectories(dataDir);
        String lines = serverConfig().entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue().replace("\\", "\\\\"))
                .collect(Collectors.joining("\n",
                        "# Written by the local stack on every start; edits are overwritten.\n", "\n"));
        Files.writeString(serverProperties(), lines);
    }

    /**
     * Writes the configuration, formats the storage if it is not yet, starts the broker under {@code supervisor} and
     * waits until it answers an admin request.
     */
    Started start(Supervisor supervisor, Duration timeout) throws StartupFailure {
        boolean formatted;
        try {
            writeServerProperties();
            formatted = !isFormatted();
            if (formatted) {
                format();
            }
        } catch (IOException e) {
            throw new StartupFailure("Cannot prepare the Kafka data folder " + dataDir + ": " + e.getMessage(), e);
        }
        List<String> command = List.of(ChildProcess.javaExecutable().toString(), "-Xmx512m",
                "-Djava.awt.headless=true", "-cp", classpath, "kafka.Kafka", serverProperties().toString());
        ChildProcess process = supervisor.launch(Supervisor.Tier.INFRASTRUCTURE, NAME, command, Map.of(), logFile());
        awaitReady(process, supervisor, timeout);
        return new Started(process, formatted, storedClusterId());
    }

    /** The cluster id the storage was formatted with, as the broker itself records it. */
    String storedClusterId() {
        Properties meta = new Properties();
        try (InputStream in = Files.newInputStream(dataDir.resolve("meta.properties"))) {
            meta.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return meta.getProperty("cluster.id");
    }

    private void format() throws IOException, StartupFailure {
        String clusterId = clusterId();
        Path formatLog = logDir.resolve(NAME + "-format.log");
        Files.createDirectories(logDir);
        // In the terminal's process group on purpose: Ctrl-C during the few seconds it takes simply ends it.
        Process format = new ProcessBuilder(ChildProcess.javaExecutable().toString(), "-cp", classpath,
                "kafka.tools.StorageTool", "format", "--cluster-id", clusterId,
                "--config", serverProperties().toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(formatLog.toFile()))
                .start();
        format.getOutputStream().close();
        try {
            if (!format.waitFor(FORMAT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                format.destroyForcibly();
                throw new StartupFailure("Formatting the Kafka storage took more than " + FORMAT_TIMEOUT.toSeconds()
                        + " s; see " + formatLog);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            format.destroyForcibly();
            throw new StartupFailure("Interrupted while formatting the Kafka storage");
        }
        if (format.exitValue() != 0 || !isFormatted()) {
            List<String> lines = Files.readAllLines(formatLog, StandardCharsets.UTF_8);
            throw new StartupFailure("Formatting the Kafka storage in " + dataDir + " failed (exit code "
                    + format.exitValue() + "). Last lines of " + formatLog + ":\n    "
                    + String.join("\n    ", lines.subList(Math.max(0, lines.size() - Supervisor.REPORTED_LOG_LINES),
                    lines.size())));
        }
    }

    /** The id kept beside the data, or a new one (Kafka's 22-character base64 UUID) kept there for next time. */
    private String clusterId() throws IOException {
        Path file = clusterIdFile();
        if (Files.exists(file)) {
            String stored = Files.readString(file).strip();
            if (!stored.isEmpty()) {
                return stored;
            }
        }
        String id = Uuid.randomUuid().toString();
        Files.writeString(file, id + "\n");
        return id;
    }

    private void awaitReady(ChildProcess process, Supervisor supervisor, Duration timeout) throws StartupFailure {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ADMIN_TIMEOUT_MS);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ADMIN_TIMEOUT_MS);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        long deadline = System.nanoTime() + timeout.toNanos();
        Admin admin = Admin.create(config);
        try {
            while (true) {
                if (supervisor.isStopping()) {
                    throw new StartupFailure("Stopped while waiting for Kafka");
                }
                if (!process.isAlive()) {
                    throw new StartupFailure("Kafka exited with code " + process.exitCode().orElse(-1)
                            + " while starting." + supervisor.tail(process));
                }
                if (answers(admin)) {
                    return;
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new StartupFailure("Kafka did not answer on " + bootstrapServers() + " within "
                            + timeout.toSeconds() + " s." + supervisor.tail(process));
                }
                if (!Supervisor.pause()) {
                    throw new StartupFailure("Interrupted while waiting for Kafka");
                }
            }
        } finally {
            admin.close(Duration.ofSeconds(2));
        }
    }

    private static boolean answers(Admin admin) {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(ADMIN_TIMEOUT_MS)).clusterId().get();
            return true;
        } catch (ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
