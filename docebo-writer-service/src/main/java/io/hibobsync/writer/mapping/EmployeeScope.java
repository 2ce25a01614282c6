package io.hibobsync.writer.mapping;

import io.hibobsync.contracts.EmployeeSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which HiBob employees the sync manages ({@code SYNC_SCOPE}): conditions separated by {@code ;}, all of which must
 * hold, each {@code key=value|value} (any of the values, ignoring case). Keys: {@code department}, {@code site},
 * {@code email-domain}, or any HiBob field path read by enrich ({@code work.title}, {@code work.custom.region}).
 * Empty: everyone. Employees out of scope are never created or adopted; a linked user whose employee leaves the
 * scope is deactivated (through the safety brake).
 */
public final class EmployeeScope {

    private static final Set<String> NAMED = Set.of("department", "site", "email-domain");

    private final Map<String, Set<String>> conditions;
    private final String text;

    private EmployeeScope(Map<String, Set<String>> conditions, String text) {
        this.conditions = conditions;
        this.text = text;
    }

    public static EmployeeScope everyone() {
        return new EmployeeScope(Map.of(), "");
    }

    /** Reads {@code SYNC_SCOPE}; a malformed condition stops start-up with a message naming the variable. */
    public static EmployeeScope parse(String setting) {
        if (setting == null || setting.isBlank()) {
            return everyone();
        }
        Map<String, Set<String>> conditions = new LinkedHashMap<>();
        for (String condition : setting.split(";")) {
            if (condition.isBlank()) {
                continue;
            }
            int equals = condition.indexOf('=');
            String key = equals <= 0 ? "" : condition.substring(0, equals).strip().toLowerCase(Locale.ROOT);
            List<String> values = new ArrayList<>();
            if (equals > 0) {
                for (String value : condition.substring(equals + 1).split("\\|")) {
                    if (!value.isBlank()) {
                        values.add(value.strip().toLowerCase(Locale.ROOT));
                    }
                }
            }
            if (key.isEmpty() || values.isEmpty() || !(NAMED.contains(key) || key.contains("."))) {
                throw new IllegalArgumentException("SYNC_SCOPE: '" + condition.strip() + "' is not a condition such "
                        + "as department=Engineering|Sales, site=London, email-domain=acme.com or work.title=Engineer "
                        + "(conditions are separated by ';', values by '|')");
            }
            conditions.put(key, Set.copyOf(values));
        }
        return new EmployeeScope(Map.copyOf(conditions), setting.strip());
    }

    public boolean includes(EmployeeSnapshot employee) {
        for (Map.Entry<String, Set<String>> condition : conditions.entrySet()) {
            String value = switch (condition.getKey()) {
                case "department" -> employee.department();
                case "site" -> employee.site();
                case "email-domain" -> employee.email() == null || !employee.email().contains("@") ? null
                        : employee.email().substring(employee.email().lastIndexOf('@') + 1);
                default -> employee.fields().get(condition.getKey());
            };
            if (value == null || !condition.getValue().contains(value.strip().toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        return true;
    }

    public boolean isEveryone() {
        return conditions.isEmpty();
    }

    @Override
    public String toString() {
        return isEveryone() ? "everyone" : text;
    }

    /** The fields enrich must read for the scope to be decided (HiBob field paths in it). */
    public Set<String> fieldPaths() {
        return conditions.keySet().stream().filter(key -> key.contains(".")).collect(Collectors.toSet());
    }
}
