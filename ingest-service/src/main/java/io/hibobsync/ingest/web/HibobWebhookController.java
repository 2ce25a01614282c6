package io.hibobsync.ingest.web;

import io.hibobsync.contracts.WebhookEnvelope;
import io.hibobsync.contracts.WebhookEnvelope.InvalidWebhookException;
import io.hibobsync.ingest.hibob.PingTest;
import io.hibobsync.ingest.hibob.WebhookSignatureVerifier;
import io.hibobsync.ingest.kafka.WebhookPublisher;
import io.hibobsync.ingest.kafka.WebhookPublisher.PublishedWebhook;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /webhooks/hibob}: the only way into the sync. In order: size cap, HiBob's connection test,
 * signature, envelope, then Kafka; HiBob gets a 2xx only once the broker has the record. Of the envelope it refuses
 * only what nobody downstream could use (see {@link WebhookEnvelope#parse}), and an {@code employee.*} or
 * {@code table.entry.*} event that names no employee.
 */
@RestController
class HibobWebhookController {

    private static final Logger log = LoggerFactory.getLogger(HibobWebhookController.class);

    private final RequestBodyReader bodyReader;
    private final WebhookSignatureVerifier signatureVerifier;
    private final WebhookPublisher publisher;
    private final WebhookMetrics metrics;
    private final Clock clock;

    HibobWebhookController(RequestBodyReader bodyReader, WebhookSignatureVerifier signatureVerifier,
            WebhookPublisher publisher, WebhookMetrics metrics) {
        this.bodyReader = bodyReader;
        this.signatureVerifier = signatureVerifier;
        this.publisher = publisher;
        this.metrics = metrics;
        this.clock = Clock.systemUTC();
    }

    @PostMapping("/webhooks/hibob")
    ResponseEntity<?> receive(HttpServletRequest request,
            @RequestHeader(name = "Bob-Signature", required = false) String signature) throws IOException {
        Instant receivedAt = clock.instant();
        metrics.received();
        byte[] body = bodyReader.read(request);
        if (PingTest.isPing(body)) {
            metrics.ping();
            log.info("Answered HiBob's connection test (Ping test)");
            return ResponseEntity.ok(Map.of("result", "ping acknowledged"));
        }
        signatureVerifier.verify(body, signature);
        WebhookEnvelope envelope = aboutSomeone(WebhookEnvelope.parse(body));
        String deliveryId = sha256Hex(body);
        // From here every line about this webhook names its delivery and employee, down to the 503 if any.
        MDC.put("deliveryId", deliveryId);
        if (envelope.employeeId() != null) {
            MDC.put("employeeId", envelope.employeeId());
        }
        PublishedWebhook published =
                metrics.timePublish(() -> publisher.publish(body, envelope, deliveryId, receivedAt));
        metrics.published(envelope.type());
        log.info("Accepted HiBob webhook type={} employeeId={} deliveryId={} partition={} offset={}",
                envelope.type(), envelope.employeeId(), deliveryId, published.partition(), published.offset());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new WebhookAccepted(deliveryId, envelope.type(),
                envelope.employeeId(), published.topic(), published.partition(), published.offset()));
    }

    /** An event about one employee must name them: enrich could not read anyone for it. */
    private static WebhookEnvelope aboutSomeone(WebhookEnvelope envelope) {
        if (envelope.employeeId() == null && envelope.aboutAnEmployee()) {
            String type = envelope.type();
            throw new InvalidWebhookException("'data.employeeId' is required for "
                    + (type.length() <= 40 ? type : type.substring(0, 40) + "...")
                    + " events and must be a non-empty string or an integer.");
        }
        return envelope;
    }

    /** The 202 answer: which delivery it was, and where Kafka stored it. */
    record WebhookAccepted(String deliveryId, String type, String employeeId, String topic, int partition,
            long offset) {
    }

    private static String sha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
