package io.hibobsync.localstack;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * A service the stack runs as {@code java -jar}: its name (also its log file's), jar, HTTP port and environment on top
 * of the launcher's. The launcher adds {@code SERVER_PORT} and waits for {@code /actuator/health} to say UP.
 */
record ServiceSpec(String name, Path jar, int port, Map<String, String> env) {

    ServiceSpec {
        env = Map.copyOf(env);
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
