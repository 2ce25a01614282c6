package io.hibobsync.localstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;
import java.util.stream.Stream;

/**
 * What must hold before anything starts: nothing left running by a killed launcher, every jar built, every port
 * distinct and free.
 */
final class Preflight {

    private Preflight() {
    }

    /** The problems that would stop the stack, each a sentence saying what to do; empty when it can start. */
    static List<String> problems(StackSettings settings, List<ServiceSpec> services) {
        return problems(settings, services, Preflight::isFree);
    }

    static List<String> problems(StackSettings settings, List<ServiceSpec> services, IntPredicate portIsFree) {
        List<String> problems = new ArrayList<>(leftoversOfAKilledLauncher(settings.logDir()));
        List<String> missing = services.stream()
                .filter(service -> !Files.isRegularFile(service.jar()))
                .map(service -> settings.display(service.jar()))
                .toList();
        if (!missing.isEmpty()) {
            problems.add("Not built yet: " + String.join(", ", missing) + ". Build from the repository root with `"
                    + Services.BUILD_COMMAND + "` (scripts/run-local does it for you).");
        }

        Map<Integer, String> owners = new LinkedHashMap<>();
        owners.put(settings.kafkaPort(), "Kafka (" + StackSettings.KAFKA_PORT_ENV + ")");
        claim(owners, settings.controllerPort(), "the Kafka controller (" + StackSettings.CONTROLLER_PORT_ENV + ")",
                problems);
        services.forEach(service -> {
            claim(owners, service.port(), service.name(), problems);
            service.otherPorts().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(other ->
                    claim(owners, other.getValue(), service.name() + " " + other.getKey(), problems));
        });

        owners.forEach((port, owner) -> {
            if (!portIsFree.test(port)) {
                problems.add("Port " + port + " for " + owner + " is already in use. Is a previous local stack"
                        + " still running? Find it with `lsof -nP -iTCP:" + port + " -sTCP:LISTEN`.");
            }
        });
        return problems;
    }

    /**
     * Children still running from a launcher that was killed (SIGKILL gives it no chance to stop them), found by the
     * pid files it left beside the logs. Pid files of processes that are gone are removed.
     */
    static List<String> leftoversOfAKilledLauncher(Path logDir) {
        if (!Files.isDirectory(logDir)) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.list(logDir)) {
            for (Path pidFile : files.filter(file -> file.getFileName().toString().endsWith(".pid")).sorted().toList()) {
                String name = pidFile.getFileName().toString().replaceFirst("\\.pid$", "");
                Optional<ProcessHandle> running = readPid(pidFile).flatMap(ProcessHandle::of)
                        .filter(ProcessHandle::isAlive)
                        .filter(process -> process.info().command().orElse("").contains("java"));
                if (running.isPresent()) {
                    long pid = running.get().pid();
                    problems.add(name + " from a previous run is still running as pid " + pid
                            + " (was the launcher killed?). Stop it with `kill " + pid + "`.");
                } else {
                    Files.deleteIfExists(pidFile);
                }
            }
        } catch (IOException e) {
            problems.add("Cannot read " + logDir + ": " + e.getMessage());
        }
        return problems;
    }

    private static Optional<Long> readPid(Path pidFile) throws IOException {
        try {
            return Optional.of(Long.parseLong(Files.readString(pidFile).strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void claim(Map<Integer, String> owners, int port, String owner, List<String> problems) {
        String previous = owners.putIfAbsent(port, owner);
        if (previous != null) {
            problems.add("Port " + port + " is given to both " + previous + " and " + owner + ".");
        }
    }

    /** Binds the wildcard address, as the services do; on Linux that also collides with a loopback-only listener. */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
