package io.hibobsync.ingest.hibob;

import io.hibobsync.ingest.IngestProperties;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Checks HiBob's {@code Bob-Signature}: Base64(HMAC-SHA512(raw body, secret)), over the exact bytes received.
 * During a secret rotation both the current and the previous secret are accepted.
 */
@Component
public class WebhookSignatureVerifier {

    private static final Logger log = LoggerFactory.getLogger(WebhookSignatureVerifier.class);
    private static final String HMAC_SHA512 = "HmacSHA512";

    private final List<SecretKeySpec> keys = new ArrayList<>();
    private final boolean allowUnsigned;

    public WebhookSignatureVerifier(IngestProperties properties) {
        addKey(properties.webhookSecret());
        addKey(properties.webhookSecretPrevious());
        this.allowUnsigned = properties.allowUnsignedWebhooks();
        if (allowUnsigned) {
            log.warn("!!! INGEST_ALLOW_UNSIGNED_WEBHOOKS=true: webhook signatures are NOT checked. Anyone who can "
                    + "reach this service can change Docebo users. Never run production like this. !!!");
        }
    }

    private void addKey(String secret) {
        if (secret != null && !secret.isBlank()) {
            keys.add(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC_SHA512));
        }
    }

    /** Throws {@link InvalidSignatureException} unless {@code signatureHeader} signs {@code body} with a known secret. */
    public void verify(byte[] body, String signatureHeader) {
        if (allowUnsigned) {
            return;
        }
        if (signatureHeader == null || signatureHeader.isBlank()) {
            throw new InvalidSignatureException("The Bob-Signature header is missing.");
        }
        byte[] presented;
        try {
            presented = Base64.getDecoder().decode(signatureHeader.trim());
        } catch (IllegalArgumentException notBase64) {
            throw new InvalidSignatureException("The Bob-Signature header is not Base64.");
        }
        boolean matches = false;
        for (SecretKeySpec key : keys) {
            // Check every key, always: the time taken must not tell which secret matched.
            matches |= MessageDigest.isEqual(hmac(key, body), presented);
        }
        if (!matches) {
            throw new InvalidSignatureException("The Bob-Signature header does not match the body: "
                    + "the webhook was not signed with HIBOB_WEBHOOK_SECRET (or HIBOB_WEBHOOK_SECRET_PREVIOUS).");
        }
    }

    private static byte[] hmac(SecretKeySpec key, byte[] body) {
        try {
            Mac mac = Mac.getInstance(HMAC_SHA512);
            mac.init(key);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA512 is not available in this JVM", e);
        }
    }

    /** The webhook is not proven to come from HiBob. */
    public static class InvalidSignatureException extends RuntimeException {
        InvalidSignatureException(String message) {
            super(message);
        }
    }
}
