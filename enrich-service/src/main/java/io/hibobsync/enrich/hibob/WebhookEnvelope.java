package io.hibobsync.enrich.hibob;

import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What enrich-service needs from a HiBob v2 webhook body: a notification, not the data.
 *
 * @param type       e.g. {@code employee.updated}
 * @param employeeId {@code data.employeeId}; {@code null} when the event is about no employee
 * @param email      for {@code employee.deleted}: the email in {@code data} (key {@code email}; HiBob's name for it is
 *                   not documented, so {@code workEmail} and {@code employeeEmail} are accepted too)
 */
public record WebhookEnvelope(String type, String employeeId, String email) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> EMAIL_KEYS = List.of("email", "workEmail", "employeeEmail");

    /** Throws {@link InvalidWebhookException} unless the body is a JSON object with a {@code type}. */
    public static WebhookEnvelope parse(byte[] body) {
        JsonNode root;
        try {
            root = body == null ? null : JSON.readTree(body);
        } catch (JacksonException e) {
            throw new InvalidWebhookException("the value is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidWebhookException("the value is not a JSON object (a HiBob v2 webhook envelope)");
        }
        JsonNode type = root.get("type");
        if (type == null || !type.isString() || type.asString().isBlank()) {
            throw new InvalidWebhookException("the envelope has no 'type'");
        }
        JsonNode data = root.get("data");
        String employeeId = null;
        String email = null;
        if (data != null && data.isObject()) {
            JsonNode id = data.get("employeeId");
            if (id != null && (id.isString() || id.isIntegralNumber()) && !id.asString().isBlank()) {
                employeeId = id.asString().trim();
            }
            for (String key : EMAIL_KEYS) {
                JsonNode value = data.get(key);
                if (value != null && value.isString() && !value.asString().isBlank()) {
                    email = value.asString().trim();
                    break;
                }
            }
        }
        return new WebhookEnvelope(type.asString().trim(), employeeId, email);
    }

    /** About one employee: {@code employee.*} and {@code table.entry.*} events. */
    public boolean aboutAnEmployee() {
        return type.startsWith("employee.") || type.startsWith("table.entry.");
    }

    /** The body is not a HiBob webhook we can act on; retrying cannot change that. */
    public static class InvalidWebhookException extends RuntimeException {
        public InvalidWebhookException(String message) {
            super(message);
        }
    }
}
