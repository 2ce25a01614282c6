package io.hibobsync.localstack;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * A service the stack runs as {@code java -jar}: its name (also its log file's), jar, HTTP port and environment on top
 * of the launcher's, and any other port it listens on (checked free before the start, like the HTTP port). The
 * launcher adds {@code SERVER_PORT} and waits for its health to say UP: {@code /readyz} on the public port for
 * the sync services (their actuator is on the {@value #MANAGEMENT} port), {@code /actuator/health} for the others.
 */
record ServiceSpec(String name, Path jar, int port, Map<String, String> env, Map<String, Integer> otherPorts) {

    /** The name in {@link #otherPorts()} of a sync service's actuator port. */
    static final String MANAGEMENT = "management";

    ServiceSpec {
        env = Map.copyOf(env);
        otherPorts = Map.copyOf(otherPorts);
    }

    ServiceSpec(String name, Path jar, int port, Map<String, String> env) {
        this(name, jar, port, env, Map.of());
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    Path logFile(Path logDir) {
        return logDir.resolve(name + ".log");
    }

    URI healthUri() {
        return URI.create(url() + (otherPorts.containsKey(MANAGEMENT) ? "/readyz" : "/actuator/health"));
    }
}
