package io.hibobsync.contracts;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the sync reads of a HiBob v2 webhook body (the value on {@code hibob-webhooks}): a notification, not the data.
 * The one parser of it, for ingest (which refuses what nobody downstream could use), enrich (which acts on it) and
 * the notifier (which names it in a mail). Nothing else of the envelope ({@code companyId}, {@code triggeredAt},
 * {@code triggeredBy}, {@code version}, unknown fields, the shape of {@code data} beyond these) is looked at: HiBob
 * disables a webhook whose deliveries keep failing, so a signed delivery must never be refused for a field the sync
 * does not use.
 *
 * @param type         e.g. {@code employee.updated}, never blank (surrounding white space removed)
 * @param employeeId   {@code data.employeeId} (a non-blank string or an integer); {@code null} when the event carries
 *                     none (time off, tasks, future types)
 * @param email        the email in {@code data}, as {@code employee.deleted} carries it (key {@code email}; HiBob's
 *                     name for it is not documented, so {@code workEmail} and {@code employeeEmail} are accepted too)
 * @param fieldUpdates the field ids {@code data.fieldUpdates} names, in dotted form ({@code work.department}),
 *                     without duplicates; empty when it names none or is missing. Its element shape is not
 *                     documented: a string ({@code "work.department"}, {@code "/work/department"}), or an object
 *                     naming the field ({@code fieldId}, {@code id}, {@code field}, {@code fieldPath}, {@code path}
 *                     or {@code name}); an object keyed by field id is read too. What cannot be read as a field id is
 *                     left out.
 */
public record WebhookEnvelope(String type, String employeeId, String email, List<String> fieldUpdates) {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final List<String> EMAIL_KEYS = List.of("email", "workEmail", "employeeEmail");
    private static final List<String> FIELD_ID_KEYS = List.of("fieldId", "id", "field", "fieldPath", "path", "name");
    private static final Pattern FIELD_ID = Pattern.compile("[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)+");

    public WebhookEnvelope {
        fieldUpdates = fieldUpdates == null ? List.of() : List.copyOf(fieldUpdates);
    }

    public WebhookEnvelope(String type, String employeeId) {
        this(type, employeeId, null, List.of());
    }

    /**
     * Throws {@link InvalidWebhookException} unless the body is UTF-8 JSON text, one JSON object, with a non-blank
     * string {@code type}.
     */
    public static WebhookEnvelope parse(byte[] body) {
        JsonNode root;
        try {
            root = body == null ? null : JSON.readTree(strictUtf8(body));
        } catch (JacksonException e) {
            throw new InvalidWebhookException("The body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidWebhookException("The body must be a JSON object (a HiBob v2 webhook envelope).");
        }
        JsonNode type = root.get("type");
        if (type == null || !type.isString() || type.asString().isBlank()) {
            throw new InvalidWebhookException("'type' is required and must be a non-empty string.");
        }
        JsonNode data = root.get("data");
        if (data == null || !data.isObject()) {
            return new WebhookEnvelope(type.asString().trim(), null);
        }
        return new WebhookEnvelope(type.asString().trim(), employeeId(data.get("employeeId")), email(data),
                fieldUpdates(data.get("fieldUpdates")));
    }

    /** About one employee: {@code employee.*} and {@code table.entry.*} events. */
    public boolean aboutAnEmployee() {
        return isAboutAnEmployee(type);
    }

    /** {@code employee.*} and {@code table.entry.*} events are about one employee and must name them. */
    public static boolean isAboutAnEmployee(String type) {
        return type.startsWith("employee.") || type.startsWith("table.entry.");
    }

    // Any event type may carry one (table.entry.* do).
    private static String employeeId(JsonNode id) {
        if (id != null && (id.isString() || id.isIntegralNumber()) && !id.asString().isBlank()) {
            return id.asString().trim();
        }
        return null;
    }

    private static String email(JsonNode data) {
        for (String key : EMAIL_KEYS) {
            JsonNode value = data.get(key);
            if (value != null && value.isString() && !value.asString().isBlank()) {
                return value.asString().trim();
            }
        }
        return null;
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
        return List.copyOf(fields);
    }

    private static void add(Set<String> fields, String raw) {
        String field = canonicalField(raw);
        if (field != null) {
            fields.add(field);
        }
    }

    /**
     * A field id as HiBob's search names it: {@code work.department} as is, {@code /work/department} with dots, a root
     * field without its category ({@code email}) as {@code root.email}; {@code null} when it is not a field id.
     */
    private static String canonicalField(String raw) {
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

    // JSON is UTF-8; refusing other bytes keeps "the Kafka record is the body, byte for byte" honest downstream.
    private static String strictUtf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidWebhookException("The body is not UTF-8 text.");
        }
    }

    /** The body is not a HiBob webhook the sync can act on; trying again cannot change that. */
    public static class InvalidWebhookException extends RuntimeException {
        public InvalidWebhookException(String message) {
            super(message);
        }
    }
}
