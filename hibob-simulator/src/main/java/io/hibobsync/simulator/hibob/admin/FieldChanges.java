package io.hibobsync.simulator.hibob.admin;

import io.hibobsync.simulator.hibob.company.CompanyLists;
import io.hibobsync.simulator.hibob.company.EmployeeDirectory;
import io.hibobsync.simulator.hibob.company.Fields;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns admin-supplied field values into what the simulator stores, checking them the way HiBob's UI would
 * (known manager, unique email, real dates), and filling in what follows from them (site id, display name).
 */
final class FieldChanges {

    private static final Set<String> ACCESS_STATUSES = Set.of(Fields.ACTIVE, Fields.INACTIVE);

    private final EmployeeDirectory directory;
    private final CompanyLists lists;

    FieldChanges(EmployeeDirectory directory, CompanyLists lists) {
        this.directory = directory;
        this.lists = lists;
    }

    /**
     * @param employeeId whose fields change (used for the email and manager checks)
     * @param current    the current values, or an empty map for a new hire
     * @param requested  field id -> new value ({@code null} or {@code ""} clears)
     * @return field id -> value to store, derived fields included
     */
    Map<String, Object> normalise(String employeeId, Map<String, Object> current, Map<String, Object> requested) {
        var changes = new LinkedHashMap<String, Object>();
        requested.forEach((field, raw) -> {
            if (field == null || !Fields.isWellFormed(field)) {
                throw new IllegalArgumentException("'" + field + "' is not a field id (category.name, e.g. work.department)");
            }
            if (Fields.NOT_UPDATABLE.contains(field)) {
                throw new IllegalArgumentException(field + " is set by the simulator and cannot be changed");
            }
            Object value = raw instanceof String text && text.isBlank() ? null : raw;
            changes.putAll(normaliseOne(employeeId, field, value));
        });
        boolean namesChanged = changes.containsKey(Fields.FIRST_NAME) || changes.containsKey(Fields.SURNAME);
        if (namesChanged && !requested.containsKey(Fields.DISPLAY_NAME)) {
            String first = (String) changes.getOrDefault(Fields.FIRST_NAME, current.get(Fields.FIRST_NAME));
            String surname = (String) changes.getOrDefault(Fields.SURNAME, current.get(Fields.SURNAME));
            changes.put(Fields.DISPLAY_NAME, first + " " + surname);
            changes.put(Fields.FULL_NAME, first + " " + surname);
        }
        return changes;
    }

    private Map<String, Object> normaliseOne(String employeeId, String field, Object value) {
        switch (field) {
            case Fields.EMAIL -> {
                String email = required(field, value);
                if (!email.contains("@")) {
                    throw new IllegalArgumentException("'" + email + "' is not an email address");
                }
                if (directory.emailTaken(email, employeeId)) {
                    throw new IllegalStateException("Another employee already has the email " + email);
                }
                return Map.of(field, email.trim());
            }
            case Fields.FIRST_NAME, Fields.SURNAME -> {
                return Map.of(field, required(field, value).trim());
            }
            case Fields.DEPARTMENT -> {
                return single(field, value == null ? null : lists.department(value.toString()).name());
            }
            case Fields.TITLE -> {
                return single(field, value == null ? null : lists.title(value.toString()).name());
            }
            case Fields.SITE -> {
                if (value == null) {
                    var cleared = new LinkedHashMap<String, Object>();
                    cleared.put(Fields.SITE, null);
                    cleared.put(Fields.SITE_ID, null);
                    cleared.put(Fields.CITY, null);
                    cleared.put(Fields.COUNTRY, null);
                    return cleared;
                }
                var site = lists.site(value.toString());
                var changes = new LinkedHashMap<String, Object>();
                changes.put(Fields.SITE, site.name());
                changes.put(Fields.SITE_ID, site.id());
                changes.put(Fields.CITY, site.city());
                changes.put(Fields.COUNTRY, site.country());
                return changes;
            }
            case Fields.MANAGER -> {
                return single(field, value == null ? null : checkedManager(employeeId, value.toString()));
            }
            case Fields.STATUS -> {
                String status = required(field, value);
                if (!ACCESS_STATUSES.contains(status)) {
                    throw new IllegalArgumentException("internal.status is Active or Inactive, not '" + status + "'");
                }
                return Map.of(field, status);
            }
            case Fields.LIFECYCLE_STATUS -> {
                return Map.of(field, required(field, value));
            }
            case Fields.START_DATE, Fields.TERMINATION_DATE -> {
                return single(field, value == null ? null : date(field, value.toString()).toString());
            }
            default -> {
                return single(field, value);
            }
        }
    }

    private String checkedManager(String employeeId, String managerId) {
        if (managerId.equals(employeeId)) {
            throw new IllegalArgumentException("An employee cannot be their own manager");
        }
        if (directory.byId(managerId).isEmpty()) {
            throw new IllegalArgumentException("No employee " + managerId + " to be the manager");
        }
        // Walking up from the new manager must not come back to this employee.
        String above = managerId;
        for (int depth = 0; above != null && depth < 100_000; depth++) {
            if (above.equals(employeeId)) {
                throw new IllegalArgumentException("Making " + managerId + " the manager of " + employeeId
                        + " would make a reporting loop");
            }
            above = directory.byId(above).map(manager -> manager.text(Fields.MANAGER)).orElse(null);
        }
        return managerId;
    }

    private static String required(String field, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        return value.toString();
    }

    private static LocalDate date(String field, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " must be a date YYYY-MM-DD, not '" + value + "'");
        }
    }

    private static Map<String, Object> single(String field, Object value) {
        var change = new LinkedHashMap<String, Object>();
        change.put(field, value);
        return change;
    }
}
