package io.hibobsync.simulator.docebo.web;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Lenient readers for request bodies. Docebo is written in PHP and takes {@code "1"}, {@code 1} and
 * {@code true} alike, so the simulator does too; "absent" and "null" stay distinct because for some
 * fields (e.g. {@code manager_1}) null means "remove".
 */
public final class RequestFields {

    private RequestFields() {
    }

    public static boolean has(JsonNode node, String name) {
        return node != null && node.has(name);
    }

    /** The first of the names that is present and not null, as text; null when none is. */
    public static String text(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode value = node == null ? null : node.get(name);
            if (value != null && !value.isNull()) {
                if (value.isContainer()) {
                    throw DoceboApiException.badRequest("'" + name + "' must be a single value");
                }
                return value.asString();
            }
        }
        return null;
    }

    public static Boolean bool(JsonNode node, String name) {
        String value = text(node, name);
        if (value == null) {
            return null;
        }
        return switch (value.trim().toLowerCase()) {
            case "1", "true", "yes" -> true;
            case "0", "false", "no", "" -> false;
            default -> throw DoceboApiException.badRequest("'" + name + "' must be true/false or 1/0, got '" + value + "'");
        };
    }

    public static boolean bool(JsonNode node, String name, boolean otherwise) {
        Boolean value = bool(node, name);
        return value == null ? otherwise : value;
    }

    public static Long id(JsonNode node, String name) {
        String value = text(node, name);
        if (value == null || value.isBlank()) {
            return null;
        }
        return parseId(name, value);
    }

    /** A list of ids given as numbers or strings, e.g. {@code ["12931", 12932]}; empty when absent. */
    public static List<Long> ids(JsonNode node, String name) {
        JsonNode array = node == null ? null : node.get(name);
        List<Long> ids = new ArrayList<>();
        if (array == null || array.isNull()) {
            return ids;
        }
        if (!array.isArray()) {
            throw DoceboApiException.badRequest("'" + name + "' must be a list of ids");
        }
        for (JsonNode element : array) {
            if (!element.isValueNode()) {
                throw DoceboApiException.badRequest("'" + name + "' must be a list of ids");
            }
            ids.add(parseId(name, element.asString()));
        }
        return ids;
    }

    public static List<String> texts(JsonNode node, String name) {
        JsonNode array = node == null ? null : node.get(name);
        List<String> texts = new ArrayList<>();
        if (array == null || array.isNull()) {
            return texts;
        }
        if (!array.isArray()) {
            throw DoceboApiException.badRequest("'" + name + "' must be a list");
        }
        for (JsonNode element : array) {
            if (!element.isValueNode()) {
                throw DoceboApiException.badRequest("'" + name + "' must be a list of single values");
            }
            texts.add(element.asString());
        }
        return texts;
    }

    private static long parseId(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw DoceboApiException.badRequest("'" + name + "' must hold numeric ids, got '" + value + "'");
        }
    }
}
