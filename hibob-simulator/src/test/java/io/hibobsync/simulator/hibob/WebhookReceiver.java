package io.hibobsync.simulator.hibob;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import tools.jackson.databind.JsonNode;

/**
 * Stands in for the ingest service: records every webhook with its exact bytes, answers 200 unless told
 * otherwise, and checks signatures with its own HMAC code (not the simulator's). A test class registers it as an
 * extension ({@code @RegisterExtension static final}): it stops after the class's tests.
 */
final class WebhookReceiver implements AutoCloseable, AfterAllCallback {

    record Received(String contentType, String signature, byte[] body, int answeredStatus) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            return SimulatorHttp.JSON.readTree(body);
        }

        String type() {
            return json().get("type").asString();
        }

        boolean signedWith(String secret) {
            try {
                var mac = Mac.getInstance("HmacSHA512");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
                byte[] expected = mac.doFinal(body);
                return java.security.MessageDigest.isEqual(expected, java.util.Base64.getDecoder().decode(signature));
            } catch (Exception e) {
                return false;
            }
        }
    }

    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private final Deque<Integer> nextStatuses = new ArrayDeque<>();
    private int defaultStatus = 200;
    private boolean rejectPlainText;

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/webhooks/hibob", this::handle);
        server.start();
    }

    /** Listening on a free local port. */
    static WebhookReceiver start() {
        try {
            return new WebhookReceiver();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the test's webhook receiver", e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/hibob";
    }

    /** Answers these statuses to the next calls, in order, then the default. */
    synchronized void answerNext(Integer... statuses) {
        nextStatuses.addAll(List.of(statuses));
    }

    synchronized void answerAlways(int status) {
        defaultStatus = status;
    }

    /** Like a receiver that only takes JSON: 415 to text/plain. */
    synchronized void rejectPlainText() {
        rejectPlainText = true;
    }

    synchronized List<Received> received() {
        return List.copyOf(received);
    }

    /** Webhooks proper, pings left out. */
    synchronized List<Received> events() {
        return received.stream().filter(r -> r.contentType().startsWith("application/json") && r.json().has("type"))
                .toList();
    }

    synchronized List<String> eventTypes() {
        return events().stream().map(Received::type).toList();
    }

    synchronized void clear() {
        received.clear();
        nextStatuses.clear();
        defaultStatus = 200;
        rejectPlainText = false;
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String contentType = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
        int status;
        synchronized (this) {
            if (rejectPlainText && contentType.toLowerCase(Locale.ROOT).startsWith("text/plain")) {
                status = 415;
            } else {
                status = nextStatuses.isEmpty() ? defaultStatus : nextStatuses.removeFirst();
            }
            received.add(new Received(contentType, exchange.getRequestHeaders().getFirst("Bob-Signature"), body, status));
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
