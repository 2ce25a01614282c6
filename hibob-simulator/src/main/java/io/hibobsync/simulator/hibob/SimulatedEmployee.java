package io.hibobsync.simulator.hibob;

import io.hibobsync.simulator.hibob.company.Fields;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An employee as the simulator stores it, for tests and the admin API: every field id with its machine value
 * ({@code null} when empty), department and title by name.
 *
 * @param id     the 19-digit employee id
 * @param fields field id -> value, e.g. {@code "work.department" -> "Engineering"}
 */
public record SimulatedEmployee(String id, Map<String, Object> fields) {

    public SimulatedEmployee {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public Object field(String fieldId) {
        return fields.get(fieldId);
    }

    public String email() {
        return (String) fields.get(Fields.EMAIL);
    }

    public String displayName() {
        return (String) fields.get(Fields.DISPLAY_NAME);
    }

    /** Access status: {@code Active} or {@code Inactive}. */
    public String status() {
        return (String) fields.get(Fields.STATUS);
    }

    /** {@code Hired}, {@code Employed}, {@code Terminated}... */
    public String lifecycleStatus() {
        return (String) fields.get(Fields.LIFECYCLE_STATUS);
    }

    public String managerId() {
        return (String) fields.get(Fields.MANAGER);
    }
}
