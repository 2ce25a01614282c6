package io.hibobsync.localstack;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for a service jar, run by the tests as a child JVM: serves {@code /actuator/health} on {@code SERVER_PORT}
 * and behaves as {@code FAKE_MODE} says.
 * <ul>
 *   <li>{@code up} (default): healthy; {@code GET /die} makes it exit with code 3, as a crash would;</li>
 *   <li>{@code down}: answers 503 with status DOWN forever;</li>
 *   <li>{@code crash}: exits with code 1 right away, like a service with bad configuration;</li>
 *   <li>{@code stubborn}: healthy, but its shutdown hook never ends, so only SIGKILL stops it.</li>
 * </ul>
 * With {@code FAKE_DEPENDENCY_PORT} set, its shutdown hook logs whether something still listens on that port, as a
 * service stopping would still find its broker there or not.
 */
public final class FakeService {

    private FakeService() {
    }

    public static void main(String[] args) throws IOException {
        String mode = System.getenv().getOrDefault("FAKE_MODE", "up");
        long pid = ProcessHandle.current().pid();
        if (mode.equals("crash")) {
            System.out.println("fake service pid " + pid + ": refusing to start, FAKE_MODE=crash");
            System.exit(1);
        }
        int port = Integer.parseInt(System.getenv("SERVER_PORT"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/actuator/health", exchange -> {
            // Boot's shape: the components (with statuses of their own) come before the overall status.
            if (mode.equals("down")) {
                answer(exchange, 503, "{\"components\":{\"ping\":{\"status\":\"UP\"}},\"status\":\"DOWN\"}");
            } else {
                answer(exchange, 200, "{\"components\":{\"kafka\":{\"details\":{\"brokers\":1},\"status\":\"UP\"}},"
                        + "\"groups\":[\"liveness\",\"readiness\"],\"status\":\"UP\"}");
            }
        });
        server.createContext("/die", exchange -> {
            answer(exchange, 200, "dying");
            System.out.println("fake service pid " + pid + ": dying with exit code 3 as asked");
            Runtime.getRuntime().halt(3);
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("fake service pid " + pid + ": shutdown hook ran");
            String dependencyPort = System.getenv("FAKE_DEPENDENCY_PORT");
            if (dependencyPort != null) {
                System.out.println("dependency on port " + dependencyPort
                        + (listens(Integer.parseInt(dependencyPort)) ? " still up" : " gone") + " during shutdown");
            }
            if (mode.equals("stubborn")) {
                awaitForever();
            }
            server.stop(0);
        }));
        server.start();
        System.out.println("fake service pid " + pid + " in mode " + mode + " listening on " + port);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static boolean listens(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void awaitForever() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
