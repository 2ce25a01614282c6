package io.hibobsync.enrich.hibob;

import java.time.Instant;

/**
 * The webhook a snapshot answers: when several webhooks about one employee are read together, the latest
 * one's event and delivery, and the earliest receipt (where the end-to-end latency starts).
 *
 * @param employeeId the employee read
 * @param event      HiBob event type, e.g. {@code employee.updated}
 * @param deliveryId the webhook delivery id
 * @param receivedAt when ingest-service received the (earliest) webhook
 */
public record ReadTrigger(String employeeId, String event, String deliveryId, Instant receivedAt) {
}
