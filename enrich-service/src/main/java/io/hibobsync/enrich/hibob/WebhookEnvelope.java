package io.hibobsync.enrich.hibob;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
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
 * @param fieldUpdates the field ids {@code data.fieldUpdates} names, in dotted form ({@code work.department}),
 *                   without duplicates; empty when it names none or is missing. Its element shape is not documented:
 *                   a string ({@code "work.department"}, {@code "/work/department"}), or an object naming the field
 *                   ({@code fieldId}, {@code id}, {@code field}, {@code fieldPath}, {@code path} or {@code name});
 *                   an object keyed by field id is read too. What cannot be read as a field id is left out.
 */
public record WebhookEnvelope(String type, String employeeId, String email, List<String> fieldUpdates) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> EMAIL_KEYS = List.of("email", "workEmail", "employeeEmail");
    private static final List<String> FIELD_ID_KEYS = List.of("fieldId", "id", "field", "fieldPath", "path", "name");
    private static final Pattern FIELD_ID = Pattern.compile("[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)+");

    public WebhookEnvelope {
        fieldUpdates = fieldUpdates == null ? List.of() : List.copyOf(fieldUpdates);
    }

    public WebhookEnvelope(String type, String employeeId, String email) {
        this(type, employeeId, email, List.of());
    }

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
        List<String> fieldUpdates = List.of();
        if (data != null && data.isObject()) {
            fieldUpdates = fieldUpdates(data.get("fieldUpdates"));
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
        return new WebhookEnvelope(type.asString().trim(), employeeId, email, fieldUpdates);
    }

    private static List<String> fieldUpdates(JsonNode updates) {
        if (updates == null || !(updates.isArray() || updates.isObject())) {
            return List.of();
        }
        Set<String> fields = new LinkedHashSet<>();
        if (updates.isObject()) {
            // {"work.department": {...}, ...}
            updates.propertyNames().forEach(name -> add(fields, name));
            return List.copyOf(fields);
        }
        for (JsonNode element : updates) {
            if (element.isString()) {
                add(fields, element.asString());
            } else if (element.isObject()) {
                for (String key : FIELD_ID_KEYS) {
                    JsonNode id = element.get(key);
                    if (id != null && id.isString() && canonicalField(id.asString()) != null) {
                        add(fields, id.asString());
                        break;
                    }
                }
            }
        }
        return List.copyOf(new ArrayList<>(fields));
    }

    private static void add(Set<String> fields, String raw) {
        String field = canonicalField(raw);
        if (field != null) {
            fields.add(field);
        }
    }

    /**
     * A field id as the search names it: {@code work.department} as is, {@code /work/department} with dots, a root
     * field without its category ({@code email}) as {@code root.email}; {@code null} when it is not a field id.
     */
    static String canonicalField(String raw) {
        if (raw == null) {
            return null;
        }
        String field = raw.trim();
        if (field.startsWith("/")) {
            field = field.substring(1).replace('/', '.');
        }
        if (!field.isEmpty() && field.indexOf('.') < 0) {
            field = "root." + field;
        }
        return FIELD_ID.matcher(field).matches() ? field : null;
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
