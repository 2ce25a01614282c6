package io.hibobsync.simulator.hibob.company;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One employee's stored field values, keyed by field id ({@code work.department}). Immutable: a change
 * makes a new instance, so readers never see half an update. A field without a value is simply absent.
 */
public record Employee(Map<String, Object> values) {

    public Employee {
        var copy = new LinkedHashMap<String, Object>();
        values.forEach((field, value) -> {
            if (value != null) {
                copy.put(field, value);
            }
        });
        values = Collections.unmodifiableMap(copy);
    }

    public String id() {
        return (String) values.get(Fields.ID);
    }

    public String email() {
        return (String) values.get(Fields.EMAIL);
    }

    public Object value(String field) {
        return values.get(field);
    }

    public String text(String field) {
        Object value = values.get(field);
        return value == null ? null : value.toString();
    }

    public boolean isActive() {
        return Fields.ACTIVE.equals(values.get(Fields.STATUS));
    }

    public String lifecycleStatus() {
        return text(Fields.LIFECYCLE_STATUS);
    }

    /** A copy with these changes; a {@code null} value removes the field. */
    public Employee with(Map<String, Object> changes) {
        var merged = new LinkedHashMap<>(values);
        changes.forEach((field, value) -> {
            if (value == null) {
                merged.remove(field);
            } else {
                merged.put(field, value);
            }
        });
        return new Employee(merged);
    }
}
