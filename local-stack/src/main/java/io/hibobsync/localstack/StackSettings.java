package io.hibobsync.localstack;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the stack lives and which ports it uses, read from the launcher's environment.
 *
 * @param repoRoot       the checkout: service jars are found relative to it
 * @param stackDir       the {@code .local} folder: Kafka data and child logs
 * @param kafkaPort      the broker's client port
 * @param controllerPort the KRaft controller's port
 * @param webhookSecret  the HiBob webhook signing secret handed to ingest
 * @param childClasspath the classpath of the broker and Kafka's tools
 */
record StackSettings(Path repoRoot, Path stackDir, int kafkaPort, int controllerPort, String webhookSecret,
                     String childClasspath) {

    static final String STACK_DIR_ENV = "LOCAL_STACK_DIR";
    static final String KAFKA_PORT_ENV = "LOCAL_KAFKA_PORT";
    static final String CONTROLLER_PORT_ENV = "LOCAL_KAFKA_CONTROLLER_PORT";
    static final String WEBHOOK_SECRET_ENV = "HIBOB_WEBHOOK_SECRET";

    static final int DEFAULT_KAFKA_PORT = 19092;
    static final int DEFAULT_CONTROLLER_PORT = 19093;
    static final String DEFAULT_WEBHOOK_SECRET = "local-dev-webhook-secret";

    /** Reads the settings; a relative {@code LOCAL_STACK_DIR} is taken from the repository root. */
    static StackSettings fromEnvironment(Map<String, String> env, Path repoRoot, String childClasspath) {
        Path root = repoRoot.toAbsolutePath().normalize();
        Path stackDir = root.resolve(env.getOrDefault(STACK_DIR_ENV, ".local")).normalize();
        return new StackSettings(root, stackDir,
                port(env, KAFKA_PORT_ENV, DEFAULT_KAFKA_PORT),
                port(env, CONTROLLER_PORT_ENV, DEFAULT_CONTROLLER_PORT),
                env.getOrDefault(WEBHOOK_SECRET_ENV, DEFAULT_WEBHOOK_SECRET),
                childClasspath);
    }

    /** Settings for the launcher as it runs now: the checkout and classpath found from where its jar is. */
    static StackSettings forThisLauncher(Map<String, String> env) {
        Path codeSource = codeSource();
        return fromEnvironment(env, repoRootOf(codeSource), childClasspathOf(codeSource));
    }

    Path kafkaDataDir() {
        return stackDir.resolve("kafka");
    }

    Path logDir() {
        return stackDir.resolve("logs");
    }

    String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    Path resolve(String pathInRepo) {
        return repoRoot.resolve(pathInRepo);
    }

    /** A path as a developer standing in the repository root would type it. */
    String display(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(repoRoot) ? repoRoot.relativize(absolute).toString() : absolute.toString();
    }

    /**
     * {@code <root>/local-stack/target/local-stack.jar} (or {@code target/classes} in a build) names the checkout;
     * anywhere else, the working directory does.
     */
    static Path repoRootOf(Path codeSource) {
        Path target = codeSource.getParent();
        Path module = target == null ? null : target.getParent();
        if (module != null && target.getFileName().toString().equals("target")
                && module.getFileName().toString().equals("local-stack") && module.getParent() != null) {
            return module.getParent();
        }
        return Path.of("").toAbsolutePath();
    }

    /**
     * The runtime dependencies maven-dependency-plugin copies to {@code target/lib}, beside the launcher jar
     * (or beside {@code target/classes} in a build); failing that, the launcher's own classpath.
     */
    static String childClasspathOf(Path codeSource) {
        Path lib = codeSource.resolveSibling("lib");
        if (Files.isDirectory(lib)) {
            return lib.toAbsolutePath() + "/*";
        }
        return System.getProperty("java.class.path");
    }

    private static Path codeSource() {
        try {
            return Path.of(StackSettings.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toAbsolutePath();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot tell where the launcher runs from", e);
        }
    }

    private static int port(Map<String, String> env, String name, int defaultPort) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return defaultPort;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a port number between 1 and 65535, was '" + value + "'");
    }
}
