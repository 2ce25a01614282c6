package io.hibobsync.ingest.hibob;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Validates the HiBob v2 envelope: {@code type}, {@code companyId}, {@code triggeredAt}, and
 * {@code data.employeeId} for {@code employee.*} and {@code table.entry.*} events. Types we do not use pass:
 * downstream decides what to do with them, and HiBob must never see a valid delivery refused.
 */
@Component
public class WebhookEnvelopeParser {

    private final JsonMapper json = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public WebhookEnvelope parse(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(strictUtf8(body));
        } catch (JacksonException e) {
            throw new MalformedWebhookException("The body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new MalformedWebhookException("The body must be a JSON object (a HiBob v2 webhook envelope).");
        }
        String type = requiredText(root, "type");
        String companyId = requiredScalar(root, "companyId");
        String triggeredAt = requiredText(root, "triggeredAt");
        requireTimestamp(triggeredAt);
        String employeeId = employeeId(root, type);
        return new WebhookEnvelope(type, companyId, triggeredAt, employeeId);
    }

    private static String employeeId(JsonNode root, String type) {
        boolean aboutOneEmployee = type.startsWith("employee.") || type.startsWith("table.entry.");
        JsonNode data = root.get("data");
        JsonNode id = data != null && data.isObject() ? data.get("employeeId") : null;
        if (id != null && (id.isString() || id.isIntegralNumber()) && !id.asString().isBlank()) {
            return id.asString();
        }
        if (aboutOneEmployee) {
            throw new MalformedWebhookException("'data.employeeId' is required for " + type + " events.");
        }
        return null;
    }

    private static String requiredText(JsonNode root, String field) {
        JsonNode value = root.get(field);
        if (value == null || !value.isString() || value.asString().isBlank()) {
            throw new MalformedWebhookException("'" + field + "' is required and must be a non-empty string.");
        }
        return value.asString();
    }

    private static String requiredScalar(JsonNode root, String field) {
        JsonNode value = root.get(field);
        if (value == null || !(value.isIntegralNumber() || value.isString()) || value.asString().isBlank()) {
            throw new MalformedWebhookException("'" + field + "' is required and must be a number or a string.");
        }
        return value.asString();
    }

    // HiBob sends a zone-less local time with microseconds; accept an offset too, reject what is no time at all.
    private static void requireTimestamp(String triggeredAt) {
        try {
            LocalDateTime.parse(triggeredAt);
        } catch (DateTimeParseException local) {
            try {
                OffsetDateTime.parse(triggeredAt);
            } catch (DateTimeParseException offset) {
                throw new MalformedWebhookException("'triggeredAt' must be an ISO-8601 date-time, got '"
                        + abbreviate(triggeredAt) + "'.");
            }
        }
    }

    // JSON is UTF-8; rejecting other bytes here keeps "the Kafka record is the body, byte for byte" honest downstream.
    private static String strictUtf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedWebhookException("The body is not UTF-8 text.");
        }
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }

    /** The body is not a HiBob v2 webhook we can accept. */
    public static class MalformedWebhookException extends RuntimeException {
        MalformedWebhookException(String message) {
            super(message);
        }
    }
}
