package io.hibobsync.contracts;

/**
 * Kafka headers that ingest-service puts beside each HiBob webhook on {@link Topics#HIBOB_WEBHOOKS}.
 * The record value is the request body byte-for-byte (the bytes HiBob signed); what we learned on receipt
 * travels in these headers, as UTF-8 text.
 */
public final class WebhookHeaders {

    /** Hex SHA-256 of the body: the same delivery retried by HiBob gets the same id. */
    public static final String DELIVERY_ID = "hibob-delivery-id";

    /** When ingest-service received the request, ISO-8601 UTC instant ({@code 2025-01-08T13:06:27.123Z}). */
    public static final String RECEIVED_AT = "hibob-received-at";

    /** The envelope's {@code type}, e.g. {@code employee.updated}, so consumers can route without parsing. */
    public static final String EVENT_TYPE = "hibob-event-type";

    private WebhookHeaders() {
    }
}
