package io.hibobsync.simulator.support;

import java.util.Locale;
import java.util.Set;

/** Which paths are the simulated API, and which are the simulator's own (admin, health, its web page). */
final class SimulatorPaths {

    private static final Set<String> PAGE_PATHS = Set.of("/", "/index.html", "/favicon.ico", "/error");
    private static final Set<String> PAGE_RESOURCE_SUFFIXES = Set.of(".css", ".js", ".html", ".png", ".svg", ".ico");

    private SimulatorPaths() {
    }

    /** Admin and health calls are not traffic under test: never logged, never faulted. */
    static boolean isSimulatorOwn(String path) {
        return isUnder(path, "/sim") || isUnder(path, "/actuator");
    }

    /** A person looking at the simulator's page should not be slowed down or failed by a fault meant for a client. */
    static boolean isExemptFromFaults(String path) {
        if (isSimulatorOwn(path) || PAGE_PATHS.contains(path)) {
            return true;
        }
        String lower = path.toLowerCase(Locale.ROOT);
        return PAGE_RESOURCE_SUFFIXES.stream().anyMatch(lower::endsWith);
    }

    private static boolean isUnder(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }
}
