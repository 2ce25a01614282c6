package io.hibobsync.simulator.hibob.api;

import io.hibobsync.simulator.hibob.company.Fields;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads a people search or read body and applies HiBob's rules, answering 400 the way HiBob does. */
public final class PeopleQueryParser {

    static final int MAX_FIELDS = 400;
    private static final Set<String> FILTERABLE = Set.of(Fields.ID, Fields.EMAIL);

    private final JsonMapper json;

    public PeopleQueryParser(JsonMapper json) {
        this.json = json;
    }

    PeopleQuery parseSearch(String body) {
        JsonNode root = parseObject(body);
        return new PeopleQuery(fields(root), filter(root), showInactive(root), humanReadable(root));
    }

    /** A single read has no filter and always finds inactive employees. */
    PeopleQuery parseRead(String body) {
        JsonNode root = body == null || body.isBlank() ? json.createObjectNode() : parseObject(body);
        return new PeopleQuery(fields(root), Optional.empty(), true, humanReadable(root));
    }

    private JsonNode parseObject(String body) {
        if (body == null || body.isBlank()) {
            throw HibobApiException.unreadable("Request body is missing");
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            throw HibobApiException.unreadable("Request body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw HibobApiException.unreadable("Request body must be a JSON object");
        }
        return root;
    }

    private static List<String> fields(JsonNode root) {
        JsonNode fields = root.get("fields");
        if (fields == null || fields.isNull()) {
            return Fields.DEFAULT_READ;
        }
        if (!fields.isArray()) {
            throw HibobApiException.badRequest("fields.invalid", "fields must be an array of field ids");
        }
        if (fields.size() > MAX_FIELDS) {
            throw HibobApiException.badRequest("fields.tooMany",
                    "fields may hold at most " + MAX_FIELDS + " field ids, got " + fields.size());
        }
        if (fields.isEmpty()) {
            return Fields.DEFAULT_READ;
        }
        var ids = new ArrayList<String>();
        for (JsonNode field : fields) {
            if (!field.isString()) {
                throw HibobApiException.badRequest("fields.invalid", "fields must be an array of field ids");
            }
            ids.add(field.stringValue());
        }
        return ids;
    }

    private static Optional<PeopleQuery.Filter> filter(JsonNode root) {
        JsonNode filters = root.get("filters");
        if (filters == null || filters.isNull()) {
            return Optional.empty();
        }
        if (!filters.isArray()) {
            throw HibobApiException.badRequest("filters.invalid", "filters must be an array");
        }
        if (filters.isEmpty()) {
            throw HibobApiException.badRequest("filters.empty", "filters must not be empty; omit it to read everybody");
        }
        if (filters.size() > 1) {
            throw HibobApiException.badRequest("filters.tooMany", "Only one filter is supported, got " + filters.size());
        }
        JsonNode filter = filters.get(0);
        String fieldPath = filter.path("fieldPath").asString("");
        if (!FILTERABLE.contains(fieldPath)) {
            throw HibobApiException.badRequest("filters.fieldPath.unsupported",
                    "Filtering is supported on root.id and root.email only, not '" + fieldPath + "'");
        }
        String operator = filter.path("operator").asString("");
        if (!operator.equals("equals")) {
            throw HibobApiException.badRequest("filters.operator.unsupported",
                    "Only the 'equals' operator is supported, not '" + operator + "'");
        }
        JsonNode values = filter.get("values");
        if (values == null || !values.isArray() || values.isEmpty()) {
            throw HibobApiException.badRequest("filters.values.empty", "Filter values must be a non-empty array");
        }
        var wanted = new ArrayList<String>();
        for (JsonNode value : values) {
            if (!value.isString() && !value.isNumber()) {
                throw HibobApiException.badRequest("filters.values.invalid", "Filter values must be strings");
            }
            wanted.add(value.asString());
        }
        return Optional.of(new PeopleQuery.Filter(fieldPath, wanted));
    }

    private static boolean showInactive(JsonNode root) {
        JsonNode showInactive = root.get("showInactive");
        if (showInactive == null || showInactive.isNull()) {
            return false;
        }
        if (!showInactive.isBoolean()) {
            throw HibobApiException.badRequest("showInactive.invalid", "showInactive must be true or false");
        }
        return showInactive.booleanValue();
    }

    private static HumanReadable humanReadable(JsonNode root) {
        JsonNode humanReadable = root.get("humanReadable");
        if (humanReadable == null || humanReadable.isNull()) {
            return HumanReadable.NONE;
        }
        return switch (humanReadable.isString() ? humanReadable.stringValue() : "?") {
            case "" -> HumanReadable.NONE;
            case "APPEND" -> HumanReadable.APPEND;
            case "REPLACE" -> HumanReadable.REPLACE;
            default -> throw HibobApiException.badRequest("humanReadable.invalid",
                    "humanReadable must be \"\", \"APPEND\" or \"REPLACE\"");
        };
    }
}
