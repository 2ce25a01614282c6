package io.hibobsync.ingest.kafka;

import io.hibobsync.contracts.Topics;
import io.hibobsync.contracts.WebhookEnvelope;
import io.hibobsync.contracts.WebhookHeaders;
import io.hibobsync.ingest.IngestProperties;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Puts an accepted webhook on {@link Topics#HIBOB_WEBHOOKS} and waits, within a bounded time, until the broker
 * has acknowledged it ({@code acks=all}, idempotent producer). Only then may HiBob be told 2xx.
 */
@Component
public class WebhookPublisher {

    private final KafkaTemplate<String, byte[]> kafka;
    private final long timeoutNanos;

    public WebhookPublisher(KafkaTemplate<String, byte[]> kafka, IngestProperties properties) {
        this.kafka = kafka;
        this.timeoutNanos = properties.publishTimeout().toNanos();
    }

    public PublishedWebhook publish(byte[] body, WebhookEnvelope envelope, String deliveryId, Instant receivedAt) {
        long deadline = System.nanoTime() + timeoutNanos;
        RecordHeaders headers = new RecordHeaders();
        headers.add(WebhookHeaders.DELIVERY_ID, utf8(deliveryId));
        headers.add(WebhookHeaders.RECEIVED_AT, utf8(receivedAt.toString()));
        headers.add(WebhookHeaders.EVENT_TYPE, utf8(envelope.type()));
        // Keyed by employee so one person's events stay in order; events naming nobody go unkeyed (spread).
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(Topics.HIBOB_WEBHOOKS, null, envelope.employeeId(), body, headers);
        try {
            // send() itself may block on metadata up to max.block.ms; the deadline covers both waits.
            CompletableFuture<SendResult<String, byte[]>> sent = kafka.send(record);
            long remaining = Math.max(0, deadline - System.nanoTime());
            SendResult<String, byte[]> result = sent.get(remaining, TimeUnit.NANOSECONDS);
            return new PublishedWebhook(result.getRecordMetadata().topic(), result.getRecordMetadata().partition(),
                    result.getRecordMetadata().offset());
        } catch (TimeoutException e) {
            throw new PublishFailedException("Kafka did not acknowledge the webhook within "
                    + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms", e);
        } catch (ExecutionException e) {
            throw new PublishFailedException("Kafka refused the webhook: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException("Interrupted while waiting for Kafka", e);
        } catch (RuntimeException e) {
            throw new PublishFailedException("Kafka is not reachable: " + e.getMessage(), e);
        }
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** Where the broker stored the webhook. */
    public record PublishedWebhook(String topic, int partition, long offset) {
    }

    /** The webhook is not known to be in Kafka: HiBob must be told to retry. */
    public static class PublishFailedException extends RuntimeException {
        public PublishFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
