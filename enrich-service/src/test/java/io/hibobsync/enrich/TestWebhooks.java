package io.hibobsync.enrich;

import io.hibobsync.contracts.WebhookHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.header.Headers;

/** HiBob v2 webhooks as ingest-service puts them on {@code hibob-webhooks}: body bytes and receipt headers. */
public final class TestWebhooks {

    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");
    // Each body gets its own triggeredAt, so each delivery gets its own id (the SHA-256 of the body).
    private static final AtomicLong LAST_MICROS = new AtomicLong();

    private TestWebhooks() {
    }

    /** An {@code employee.*} or {@code table.entry.*} event about one employee. */
    public static byte[] event(String type, String employeeId) {
        return body(type, "{\"employeeId\": \"" + employeeId + "\", \"fieldUpdates\": [\"work.department\"]}");
    }

    /**
     * An event about one employee with this {@code fieldUpdates} (raw JSON, e.g. {@code ["work.site"]} or
     * {@code [{"fieldId": "work.site"}]}), or none when {@code null}.
     */
    public static byte[] event(String type, String employeeId, String fieldUpdates) {
        return body(type, "{\"employeeId\": \"" + employeeId + "\""
                + (fieldUpdates == null ? "" : ", \"fieldUpdates\": " + fieldUpdates) + "}");
    }

    /** {@code employee.deleted}: the record is gone, the email travels in the event. */
    public static byte[] deleted(String employeeId, String email) {
        return body("employee.deleted", "{\"employeeId\": \"" + employeeId + "\", \"email\": \"" + email + "\"}");
    }

    /** An event about no employee, e.g. a time-off request. */
    public static byte[] aboutNoEmployee(String type) {
        return body(type, "{\"requestId\": 42}");
    }

    public static String deliveryId(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The headers ingest-service adds. */
    public static void addReceiptHeaders(Headers headers, byte[] body, String type, Instant receivedAt) {
        headers.add(WebhookHeaders.DELIVERY_ID, utf8(deliveryId(body)));
        headers.add(WebhookHeaders.RECEIVED_AT, utf8(receivedAt.toString()));
        headers.add(WebhookHeaders.EVENT_TYPE, utf8(type));
    }

    private static byte[] body(String type, String data) {
        return ("""
                {"companyId": 636192, "type": "%s", "triggeredBy": "3332883804594373380", "triggeredAt": "%s",
                 "version": "v2", "data": %s}""".formatted(type, triggeredAt(), data))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String triggeredAt() {
        long now = Instant.now().toEpochMilli() * 1000;
        long micros = LAST_MICROS.updateAndGet(last -> Math.max(last + 1, now));
        return LocalDateTime.ofEpochSecond(micros / 1_000_000, (int) (micros % 1_000_000) * 1000, ZoneOffset.UTC)
                .format(MICROS);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
