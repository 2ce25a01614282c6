package io.hibobsync.enrich.sync;

import io.hibobsync.contracts.WebhookEnvelope;
import io.hibobsync.contracts.WebhookEnvelope.InvalidWebhookException;
import io.hibobsync.contracts.WebhookHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One record of {@code hibob-webhooks} as enrich-service understands it.
 *
 * @param index      its position in the polled batch
 * @param type       HiBob event type
 * @param employeeId the employee it is about; {@code null} for events about no employee
 * @param deliveryId {@code hibob-delivery-id}, or the SHA-256 of the body as ingest computes it
 * @param receivedAt {@code hibob-received-at}, or the record's timestamp
 * @param email      the email an {@code employee.deleted} event carries
 * @param action     what to do about it
 * @param fieldUpdates the field ids its {@code data.fieldUpdates} names ({@code work.department}), possibly none
 * @param partition  the record's partition
 * @param offset     the record's offset
 */
public record ReceivedWebhook(int index, String type, String employeeId, String deliveryId, Instant receivedAt,
        String email, Action action, List<String> fieldUpdates, int partition, long offset) {

    static final String DELETED = "employee.deleted";

    public enum Action {
        /** Read the employee from HiBob. */
        READ,
        /**
         * The webhook says the employee is gone from HiBob: read them too, and publish a deletion with the event's
         * email only once HiBob no longer returns them.
         */
        DELETE,
        /** Not about an employee: counted and skipped. */
        SKIP
    }

    /** Throws {@link InvalidWebhookException} (permanent) for a value that is not a usable HiBob webhook. */
    static ReceivedWebhook of(ConsumerRecord<String, byte[]> record, int index) {
        WebhookEnvelope envelope;
        try {
            envelope = WebhookEnvelope.parse(record.value());
        } catch (InvalidWebhookException e) {
            throw new InvalidWebhookException(coordinates(record) + " is not a HiBob webhook. " + e.getMessage());
        }
        String employeeId = envelope.employeeId() != null ? envelope.employeeId() : blankToNull(record.key());
        if (envelope.aboutAnEmployee() && employeeId == null) {
            throw new InvalidWebhookException(coordinates(record) + " is a " + envelope.type()
                    + " webhook without data.employeeId");
        }
        Action action = !envelope.aboutAnEmployee() ? Action.SKIP
                : DELETED.equals(envelope.type()) ? Action.DELETE
                : Action.READ;
        String deliveryId = header(record, WebhookHeaders.DELIVERY_ID);
        return new ReceivedWebhook(index, envelope.type(), action == Action.SKIP ? null : employeeId,
                deliveryId != null ? deliveryId : sha256Hex(record.value()), receivedAt(record), envelope.email(),
                action, envelope.fieldUpdates(), record.partition(), record.offset());
    }

    /** Which record it is, for telling a delivery again of the same record from a new one. */
    String position() {
        return partition + "@" + offset;
    }

    public static String coordinates(ConsumerRecord<?, ?> record) {
        return "Record " + record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    private static Instant receivedAt(ConsumerRecord<String, byte[]> record) {
        String value = header(record, WebhookHeaders.RECEIVED_AT);
        if (value != null) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                // fall back to when the broker got it, which is within milliseconds of ingest's receipt
            }
        }
        return Instant.ofEpochMilli(record.timestamp());
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null || header.value() == null) {
            return null;
        }
        return blankToNull(new String(header.value(), StandardCharsets.UTF_8));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String sha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
