package io.hibobsync.endtoend;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Requests to the webhook endpoint that must never get into the sync: bad and missing signatures, malformed and
 * truncated JSON, oversized bodies, wrong content types and methods, slow senders and senders that hang up
 * half-way. Nothing here is a webhook HiBob signed: the few malformed bodies signed with the real secret (so that
 * ingest's JSON checks, not only its signature check, are attacked) are not webhooks either. Every answer is
 * counted by status; a 5xx is a defect, and so would be any record on {@code hibob-webhooks} they leave.
 */
final class HostileTraffic {

    /** The kinds of request, sent in turn; slow ones on threads of their own. */
    enum Kind {
        MISSING_SIGNATURE(false), BAD_SIGNATURE(false), SIGNATURE_NOT_BASE64(false), WRONG_SECRET(false),
        TAMPERED_BODY(false), MALFORMED_JSON_UNSIGNED(false), MALFORMED_JSON_SIGNED(false), TRUNCATED_JSON(false),
        TRUNCATED_JSON_SIGNED(false), OVERSIZED_BODY(false), OVERSIZED_CHUNKED(false), LYING_CONTENT_LENGTH(false),
        WRONG_CONTENT_TYPE(false), MULTIPART_BODY(false), FORM_BODY(false), WRONG_METHOD(false), PING_TEST(false),
        SLOW_SENDER(true), SLOW_HEADERS(true), HANG_UP_HALF_WAY(true);

        final boolean slow;

        Kind(boolean slow) {
            this.slow = slow;
        }
    }

    /** What the attack got: answers by status and by kind, and how long it took. */
    record Result(int requests, Map<Integer, Integer> byStatus, Map<String, String> byKind, int serverErrors,
            int noAnswer, long millis) {

        @Override
        public String toString() {
            return requests + " requests in " + millis / 1000 + " s; answers " + byStatus.entrySet().stream()
                    .map(entry -> (entry.getKey() == RawHttp.NO_ANSWER ? "none" : entry.getKey()) + " × "
                            + entry.getValue()).collect(Collectors.joining(", "));
        }
    }

    private static final int FAST_THREADS = 6;
    private static final int SLOW_THREADS = 24;

    private final RawHttp http;
    private final String host;
    private final String secret;
    private final long companyId;
    private final List<String> employeeIds;
    private final long maxBodyBytes;

    /**
     * @param secret       the real webhook secret: only to sign malformed bodies, which ingest must still refuse
     * @param employeeIds  real employees the forged webhooks name
     * @param maxBodyBytes ingest's {@code INGEST_MAX_BODY_SIZE}
     */
    HostileTraffic(String host, int port, String secret, long companyId, List<String> employeeIds, long maxBodyBytes) {
        this.http = new RawHttp(host, port);
        this.host = host + ":" + port;
        this.secret = secret;
        this.companyId = companyId;
        this.employeeIds = List.copyOf(employeeIds);
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Sends {@code total} hostile requests, every kind in turn, and waits for the last answer. */
    Result run(int total, long seed) throws InterruptedException {
        List<Kind> fast = new ArrayList<>();
        List<Kind> slow = new ArrayList<>();
        Kind[] kinds = Kind.values();
        for (int i = 0; i < total; i++) {
            Kind kind = kinds[i % kinds.length];
            (kind.slow ? slow : fast).add(kind);
        }
        Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
        Map<Kind, Map<Integer, LongAdder>> byKind = new ConcurrentHashMap<>();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(FAST_THREADS + SLOW_THREADS);
        submit(pool, FAST_THREADS, fast, seed, byStatus, byKind);
        submit(pool, SLOW_THREADS, slow, seed + 1, byStatus, byKind);
        pool.shutdown();
        if (!pool.awaitTermination(10, TimeUnit.MINUTES)) {
            pool.shutdownNow();
            throw new IllegalStateException("The hostile requests did not end within 10 minutes");
        }
        Map<Integer, Integer> statuses = new TreeMap<>();
        byStatus.forEach((status, count) -> statuses.put(status, count.intValue()));
        Map<String, String> kindsAnswered = new TreeMap<>();
        byKind.forEach((kind, answers) -> kindsAnswered.put(kind.name(), new TreeMap<>(answers).entrySet().stream()
                .map(entry -> (entry.getKey() == RawHttp.NO_ANSWER ? "none" : entry.getKey()) + "×" + entry.getValue())
                .collect(Collectors.joining(" "))));
        int serverErrors = statuses.entrySet().stream().filter(entry -> entry.getKey() >= 500)
                .mapToInt(Map.Entry::getValue).sum();
        return new Result(total, statuses, kindsAnswered, serverErrors,
                statuses.getOrDefault(RawHttp.NO_ANSWER, 0), (System.nanoTime() - started) / 1_000_000);
    }

    private void submit(ExecutorService pool, int threads, List<Kind> requests, long seed,
            Map<Integer, LongAdder> byStatus, Map<Kind, Map<Integer, LongAdder>> byKind) {
        AtomicInteger next = new AtomicInteger();
        for (int t = 0; t < threads; t++) {
            Random random = new Random(seed * 31 + t);
            pool.execute(() -> {
                for (int i = next.getAndIncrement(); i < requests.size(); i = next.getAndIncrement()) {
                    Kind kind = requests.get(i);
                    int status = send(kind, random);
                    byStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
                    byKind.computeIfAbsent(kind, k -> new ConcurrentHashMap<>())
                            .computeIfAbsent(status, s -> new LongAdder()).increment();
                }
            });
        }
    }

    /** One request of this kind; the status answered, or {@link RawHttp#NO_ANSWER}. */
    int send(Kind kind, Random random) {
        byte[] webhook = webhook(random);
        String path = "/webhooks/hibob";
        return switch (kind) {
            case MISSING_SIGNATURE -> post(webhook, "application/json");
            case BAD_SIGNATURE -> post(webhook, "application/json", "Bob-Signature: " + randomBase64(random, 64));
            case SIGNATURE_NOT_BASE64 -> post(webhook, "application/json", "Bob-Signature: %%not*base64%%");
            case WRONG_SECRET -> post(webhook, "application/json", "Bob-Signature: " + sign(webhook, "attacker-secret"));
            case TAMPERED_BODY -> {
                String signature = sign(webhook, secret);
                byte[] tampered = new String(webhook, StandardCharsets.UTF_8).replace("employee.updated",
                        "employee.deleted").getBytes(StandardCharsets.UTF_8);
                yield post(tampered, "application/json", "Bob-Signature: " + signature);
            }
            case MALFORMED_JSON_UNSIGNED -> post(malformed(random), "application/json",
                    "Bob-Signature: " + randomBase64(random, 64));
            case MALFORMED_JSON_SIGNED -> {
                byte[] body = malformed(random);
                yield post(body, "application/json", "Bob-Signature: " + sign(body, secret));
            }
            case TRUNCATED_JSON -> {
                String signature = sign(webhook, secret);
                yield post(truncated(webhook, random), "application/json", "Bob-Signature: " + signature);
            }
            case TRUNCATED_JSON_SIGNED -> {
                byte[] body = truncated(webhook, random);
                yield post(body, "application/json", "Bob-Signature: " + sign(body, secret));
            }
            case OVERSIZED_BODY -> {
                byte[] body = oversized(random);
                yield post(body, "application/json", "Bob-Signature: " + sign(body, secret));
            }
            case OVERSIZED_CHUNKED -> http.send(RawHttp.head("POST", path, host, "Content-Type: application/json",
                    "Transfer-Encoding: chunked", "Bob-Signature: " + randomBase64(random, 64)), chunked(oversized(random)));
            case LYING_CONTENT_LENGTH -> http.send(RawHttp.head("POST", path, host, "Content-Type: application/json",
                    "Content-Length: " + (webhook.length / 2), "Bob-Signature: " + sign(webhook, secret)), webhook);
            case WRONG_CONTENT_TYPE -> post(webhook, pick(random, "text/plain", "application/xml", "image/png",
                    "application/json; charset=ISO-8859-1", "*/*", "garbage"), "Bob-Signature: " + randomBase64(random, 64));
            case MULTIPART_BODY -> post(("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.json\"\r\n\r\n"
                    + new String(webhook, StandardCharsets.UTF_8) + "\r\n--x").getBytes(StandardCharsets.UTF_8),
                    "multipart/form-data; boundary=" + pick(random, "x", "", "\"unclosed"), "Bob-Signature: "
                            + randomBase64(random, 64));
            case FORM_BODY -> post(("type=employee.deleted&data%5BemployeeId%5D=" + employeeIds.get(random.nextInt(
                    employeeIds.size()))).getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded");
            case WRONG_METHOD -> http.send(RawHttp.head(pick(random, "GET", "PUT", "DELETE", "PATCH", "OPTIONS"), path,
                    host, "Content-Type: application/json", "Content-Length: " + webhook.length), webhook);
            case PING_TEST -> post("Ping test".getBytes(StandardCharsets.UTF_8), "text/plain");
            case SLOW_SENDER -> http.send(RawHttp.head("POST", path, host, "Content-Type: application/json",
                    "Content-Length: " + webhook.length, "Bob-Signature: " + randomBase64(random, 64)), webhook,
                    Math.max(1, webhook.length / 8), Duration.ofMillis(100), false);
            case SLOW_HEADERS -> {
                byte[] head = RawHttp.head("POST", path, host, "Content-Type: application/json",
                        "Content-Length: " + webhook.length, "Bob-Signature: " + randomBase64(random, 64));
                byte[] all = new byte[head.length + webhook.length];
                System.arraycopy(head, 0, all, 0, head.length);
                System.arraycopy(webhook, 0, all, head.length, webhook.length);
                yield http.send(new byte[0], all, Math.max(1, all.length / 8), Duration.ofMillis(100), false);
            }
            case HANG_UP_HALF_WAY -> http.send(RawHttp.head("POST", path, host, "Content-Type: application/json",
                    "Content-Length: " + webhook.length, "Bob-Signature: " + sign(webhook, secret)),
                    java.util.Arrays.copyOf(webhook, webhook.length / 2), Math.max(1, webhook.length / 8),
                    Duration.ofMillis(100), true);
        };
    }

    private int post(byte[] body, String contentType, String... headers) {
        List<String> all = new ArrayList<>(List.of("Content-Type: " + contentType, "Content-Length: " + body.length));
        all.addAll(List.of(headers));
        return http.send(RawHttp.head("POST", "/webhooks/hibob", host, all.toArray(String[]::new)), body);
    }

    /** What a HiBob webhook looks like, for a real employee: only the signature can tell it is not one. */
    private byte[] webhook(Random random) {
        String employeeId = employeeIds.get(random.nextInt(employeeIds.size()));
        return ("{\"companyId\":" + companyId + ",\"type\":\"employee.updated\",\"triggeredBy\":\"system\","
                + "\"triggeredAt\":\"2026-01-08T13:06:26." + (100000 + random.nextInt(900000)) + "\",\"version\":\"v2\","
                + "\"data\":{\"employeeId\":\"" + employeeId + "\",\"fieldUpdates\":[\"work.department\"]}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private byte[] malformed(Random random) {
        String employeeId = employeeIds.get(random.nextInt(employeeIds.size()));
        return switch (random.nextInt(9)) {
            case 0 -> "{\"type\":\"employee.updated\",\"data\":{".getBytes(StandardCharsets.UTF_8);
            case 1 -> "[\"employee.updated\"]".getBytes(StandardCharsets.UTF_8);
            case 2 -> "{\"type\":\"employee.updated\"}".getBytes(StandardCharsets.UTF_8);
            case 3 -> ("{\"type\":null,\"data\":{\"employeeId\":\"" + employeeId + "\"}}").getBytes(StandardCharsets.UTF_8);
            case 4 -> ("{\"type\":\"employee.updated\",\"data\":{\"employeeId\":\"" + employeeId + "\"}} trailing")
                    .getBytes(StandardCharsets.UTF_8);
            case 5 -> new byte[] {'{', '"', 't', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};
            case 6 -> "[".repeat(5_000).getBytes(StandardCharsets.UTF_8);
            case 7 -> "{\"type\":\"employee.updated\",\"data\":{\"employeeId\":\"  \"}}".getBytes(StandardCharsets.UTF_8);
            default -> "null".getBytes(StandardCharsets.UTF_8);
        };
    }

    private static byte[] truncated(byte[] webhook, Random random) {
        return java.util.Arrays.copyOf(webhook, 1 + random.nextInt(webhook.length - 2));
    }

    private byte[] oversized(Random random) {
        StringBuilder body = new StringBuilder("{\"type\":\"employee.updated\",\"data\":{\"employeeId\":\"")
                .append(employeeIds.get(random.nextInt(employeeIds.size()))).append("\",\"padding\":\"");
        while (body.length() <= maxBodyBytes + random.nextInt(64 * 1024)) {
            body.append("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        }
        return body.append("\"}}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] chunked(byte[] body) {
        StringBuilder out = new StringBuilder();
        int chunk = 8192;
        for (int at = 0; at < body.length; at += chunk) {
            int length = Math.min(chunk, body.length - at);
            out.append(Integer.toHexString(length)).append("\r\n")
                    .append(new String(body, at, length, StandardCharsets.ISO_8859_1)).append("\r\n");
        }
        return out.append("0\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String randomBase64(Random random, int bytes) {
        byte[] noise = new byte[bytes];
        random.nextBytes(noise);
        return Base64.getEncoder().encodeToString(noise);
    }

    private static String pick(Random random, String... values) {
        return values[random.nextInt(values.length)];
    }

    static String sign(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
