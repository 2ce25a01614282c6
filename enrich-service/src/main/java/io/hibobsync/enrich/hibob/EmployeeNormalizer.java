package io.hibobsync.enrich.hibob;

import io.hibobsync.contracts.EmployeeSnapshot;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * Turns one employee of a HiBob search answer into an {@link EmployeeSnapshot}, whatever mix of HiBob's shapes
 * it comes in:
 * <ul>
 *   <li>root fields at the top ({@code "email"}), other categories nested ({@code "work": {"department": ...}}),
 *       and/or slash keys ({@code "/work/department": {"value": ...}});</li>
 *   <li>list values (department, site, title) as the list item's name or its id: the {@code humanReadable}
 *       copy ({@code humanReadable: "APPEND"}) gives the name;</li>
 *   <li>access status in any casing.</li>
 * </ul>
 * A field missing from the answer (the service user may not read it) stays {@code null} and out of
 * {@link EmployeeSnapshot#fields()}; a field HiBob returned as {@code null} is in {@code fields} as {@code ""}.
 */
public final class EmployeeNormalizer {

    private static final DateTimeFormatter DISPLAY_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    private final List<String> requested;

    public EmployeeNormalizer(EmployeeFields fields) {
        this.requested = fields.requested();
    }

    /** The id of one employee object of a search answer, {@code null} when it has none. */
    public static String employeeId(JsonNode employee) {
        return text(lookup(employee, EmployeeFields.ID).orElse(null));
    }

    public EmployeeSnapshot normalize(JsonNode employee, ReadTrigger trigger, Instant readAt) {
        JsonNode human = employee.get("humanReadable");
        String id = employeeId(employee);
        JsonNode reportsTo = lookup(employee, EmployeeFields.REPORTS_TO).orElse(null);
        String managerId = reportsTo != null && reportsTo.isObject() ? text(reportsTo.get("id")) : null;
        if (managerId == null) {
            managerId = machineText(employee, EmployeeFields.MANAGER);
        }
        String managerEmail = reportsTo != null && reportsTo.isObject() ? text(reportsTo.get("email")) : null;
        String status = machineText(employee, EmployeeFields.STATUS);
        return new EmployeeSnapshot(
                id != null ? id : trigger.employeeId(),
                trigger.event(),
                trigger.deliveryId(),
                trigger.receivedAt(),
                readAt,
                false,
                machineText(employee, EmployeeFields.EMAIL),
                machineText(employee, EmployeeFields.FIRST_NAME),
                machineText(employee, EmployeeFields.SURNAME),
                machineText(employee, EmployeeFields.DISPLAY_NAME),
                listText(employee, human, EmployeeFields.DEPARTMENT),
                listText(employee, human, EmployeeFields.SITE),
                managerId,
                managerEmail,
                status == null ? null : status.trim().equalsIgnoreCase("Active"),
                machineText(employee, EmployeeFields.LIFECYCLE_STATUS),
                date(machineText(employee, EmployeeFields.START_DATE)),
                date(machineText(employee, EmployeeFields.TERMINATION_DATE)),
                fields(employee, human));
    }

    private Map<String, String> fields(JsonNode employee, JsonNode human) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : requested) {
            Optional<JsonNode> value = lookup(employee, field);
            if (value.isEmpty()) {
                continue;
            }
            String text = EmployeeFields.LIST_VALUED.contains(field) ? listText(employee, human, field)
                    : text(value.get());
            fields.put(field, text == null ? "" : text);
        }
        return fields;
    }

    private static String machineText(JsonNode employee, String field) {
        return text(lookup(employee, field).orElse(null));
    }

    // The display name when HiBob gave one: the machine value of a list field may be the item's id.
    private static String listText(JsonNode employee, JsonNode human, String field) {
        String display = text(lookup(human, field).orElse(null));
        return display != null && !display.isBlank() ? display : machineText(employee, field);
    }

    /**
     * A field of one employee in whichever form HiBob used: nested ({@code work.department}, root fields at the
     * top), or slash key ({@code "/work/department": {"value": ...}}). Empty when HiBob left the field out;
     * a {@link NullNode} when HiBob said it has no value.
     */
    static Optional<JsonNode> lookup(JsonNode employee, String field) {
        if (employee == null || !employee.isObject()) {
            return Optional.empty();
        }
        String[] path = field.split("\\.");
        JsonNode nested = path[0].equals("root") ? nested(employee, path, 1) : null;
        if (nested == null) {
            nested = nested(employee, path, 0);
        }
        JsonNode slash = employee.get("/" + field.replace('.', '/'));
        if (slash != null && slash.isObject() && slash.has("value")) {
            slash = slash.get("value");
        }
        if (nested != null && !nested.isNull()) {
            return Optional.of(nested);
        }
        if (slash != null && !slash.isNull()) {
            return Optional.of(slash);
        }
        return nested != null || slash != null ? Optional.of(NullNode.getInstance()) : Optional.empty();
    }

    private static JsonNode nested(JsonNode employee, String[] path, int from) {
        JsonNode node = employee;
        for (int i = from; i < path.length; i++) {
            if (node == null || !node.isObject() || !node.has(path[i])) {
                return null;
            }
            node = node.get(path[i]);
        }
        return node;
    }

    /** A value as text: scalars as written, a list's items joined, an object by its value, name or id. */
    static String text(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> {
                String text = text(item);
                if (text != null) {
                    items.add(text);
                }
            });
            return String.join(", ", items);
        }
        if (value.isObject()) {
            for (String member : List.of("value", "name", "id")) {
                if (value.has(member)) {
                    return text(value.get(member));
                }
            }
            return value.toString();
        }
        return value.asString();
    }

    // Machine form is YYYY-MM-DD; tolerate a date-time and the display form rather than lose the date.
    static LocalDate date(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String trimmed = text.trim();
        try {
            return LocalDate.parse(trimmed.length() > 10 && trimmed.charAt(10) == 'T' ? trimmed.substring(0, 10)
                    : trimmed);
        } catch (DateTimeParseException notIso) {
            try {
                return LocalDate.parse(trimmed, DISPLAY_DATE.withLocale(Locale.ROOT));
            } catch (DateTimeParseException notDisplay) {
                return null;
            }
        }
    }
}
