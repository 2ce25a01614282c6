package io.hibobsync.simulator.hibob.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HiBob's {@code Bob-Signature}: Base64 of the HMAC-SHA512 of the exact body bytes, keyed by the webhook secret. */
final class WebhookSignature {

    static final String HEADER = "Bob-Signature";

    private WebhookSignature() {
    }

    static String sign(byte[] body, String secret) {
        try {
            var mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA512 is not available in this JVM", e);
        }
    }
}
