package io.hibobsync.ingest.hibob;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the little of a HiBob v2 envelope that ingest-service needs, and refuses only what nobody downstream
 * could use: a body that is not a JSON object, an object without a non-blank string {@code type}, and an
 * {@code employee.*} or {@code table.entry.*} event without {@code data.employeeId}. Everything else
 * ({@code companyId}, {@code triggeredAt}, {@code triggeredBy}, {@code version}, unknown fields, the shape of
 * {@code data} for other types) is not looked at: HiBob disables a webhook whose deliveries keep failing, so a
 * signed delivery must never be refused for a field the sync does not use.
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
        String type = type(root);
        String employeeId = employeeId(root);
        if (employeeId == null && WebhookEnvelope.isAboutAnEmployee(type)) {
            throw new MalformedWebhookException("'data.employeeId' is required for " + abbreviate(type)
                    + " events and must be a non-empty string or an integer.");
        }
        return new WebhookEnvelope(type, employeeId);
    }

    private static String type(JsonNode root) {
        JsonNode value = root.get("type");
        if (value == null || !value.isString() || value.asString().isBlank()) {
            throw new MalformedWebhookException("'type' is required and must be a non-empty string.");
        }
        return value.asString().trim();
    }

    // Any event type may carry one (table.entry.* do); only where the type is about an employee is it required.
    private static String employeeId(JsonNode root) {
        JsonNode data = root.get("data");
        JsonNode id = data != null && data.isObject() ? data.get("employeeId") : null;
        if (id != null && (id.isString() || id.isIntegralNumber()) && !id.asString().isBlank()) {
            return id.asString().trim();
        }
        return null;
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
