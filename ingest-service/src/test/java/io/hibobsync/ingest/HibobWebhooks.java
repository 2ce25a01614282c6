package io.hibobsync.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Webhooks as HiBob sends them, for tests. */
public final class HibobWebhooks {

    public static final String SECRET = "test-webhook-secret";
    public static final String PREVIOUS_SECRET = "test-webhook-secret-before-rotation";

    private HibobWebhooks() {
    }

    /** A v2 envelope as in HiBob's documentation, with a zone-less timestamp in microseconds. */
    public static byte[] event(String type, String employeeId) {
        return ("""
                {"companyId": 636192, "type": "%s",
                 "triggeredBy": "3332883804594373380", "triggeredAt": "2025-01-08T13:06:26.915906",
                 "version": "v2",
                 "data": {"employeeId": "%s", "fieldUpdates": ["work.department"]}}"""
                .formatted(type, employeeId)).getBytes(StandardCharsets.UTF_8);
    }

    /** {@code Bob-Signature}: Base64(HMAC-SHA512(body, secret)). */
    public static String sign(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
