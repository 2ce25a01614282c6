package io.hibobsync.localstack;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * A service the stack runs as {@code java -jar}: its name (also its log file's), jar, HTTP port and environment on top
 * of the launcher's, and any other port it listens on (checked free before the start, like the HTTP port). The
 * launcher adds {@code SERVER_PORT} and waits for {@code /actuator/health} to say UP.
 */
record ServiceSpec(String name, Path jar, int port, Map<String, String> env, Map<String, Integer> otherPorts) {

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
        return URI.create(url() + "/actuator/health");
    }
}
