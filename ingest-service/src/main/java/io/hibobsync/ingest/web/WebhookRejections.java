package io.hibobsync.ingest.web;

import io.hibobsync.contracts.WebhookEnvelope.InvalidWebhookException;
import io.hibobsync.ingest.hibob.WebhookSignatureVerifier.InvalidSignatureException;
import io.hibobsync.ingest.kafka.WebhookPublisher.PublishFailedException;
import io.hibobsync.ingest.web.RequestBodyReader.BodyTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns every refusal into an RFC 9457 problem ({@code application/problem+json}) that says what is wrong,
 * with a {@code reason} a program can match on. Nothing was published when one of these is answered.
 */
@RestControllerAdvice(assignableTypes = HibobWebhookController.class)
class WebhookRejections {

    private static final Logger log = LoggerFactory.getLogger(WebhookRejections.class);
    // HiBob backs off on its own; this only hints that a retry soon is welcome.
    private static final String RETRY_AFTER_SECONDS = "5";

    private final WebhookMetrics metrics;

    WebhookRejections(WebhookMetrics metrics) {
        this.metrics = metrics;
    }

    @ExceptionHandler(BodyTooLargeException.class)
    ResponseEntity<ProblemDetail> tooLarge(BodyTooLargeException e) {
        return reject(RejectionReason.BODY_TOO_LARGE, e.getMessage());
    }

    @ExceptionHandler(InvalidSignatureException.class)
    ResponseEntity<ProblemDetail> invalidSignature(InvalidSignatureException e) {
        log.warn("Refused a webhook: {}", e.getMessage());
        return reject(RejectionReason.INVALID_SIGNATURE, e.getMessage());
    }

    @ExceptionHandler(InvalidWebhookException.class)
    ResponseEntity<ProblemDetail> malformed(InvalidWebhookException e) {
        log.warn("Refused a signed webhook: {}", e.getMessage());
        return reject(RejectionReason.MALFORMED, e.getMessage());
    }

    @ExceptionHandler(PublishFailedException.class)
    ResponseEntity<ProblemDetail> kafkaUnavailable(PublishFailedException e) {
        log.error("Answered 503 to HiBob, it will retry: {}", e.getMessage());
        ResponseEntity<ProblemDetail> answer = reject(RejectionReason.KAFKA_UNAVAILABLE,
                "The webhook could not be stored (" + e.getMessage() + "). Nothing was accepted; please retry.");
        return ResponseEntity.status(answer.getStatusCode())
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .body(answer.getBody());
    }

    private ResponseEntity<ProblemDetail> reject(RejectionReason reason, String detail) {
        metrics.rejected(reason);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(reason.status(), detail);
        problem.setTitle(reason.title());
        problem.setProperty("reason", reason.tag());
        return ResponseEntity.status(reason.status()).body(problem);
    }
}
