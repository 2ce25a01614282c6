package io.hibobsync.simulator.hibob.webhook;

import io.hibobsync.simulator.hibob.HibobSimulatorProperties.FieldUpdatesFormat;
import io.hibobsync.simulator.hibob.company.Fields;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The {@code fieldUpdates} list of {@code employee.updated}. Its element shape is not documented, so it is
 * configurable: field ids, or objects naming the field, and clients must cope with both.
 */
public final class FieldUpdates {

    private final FieldUpdatesFormat format;

    public FieldUpdates(FieldUpdatesFormat format) {
        this.format = format;
    }

    public List<Object> of(List<String> changedFields) {
        return changedFields.stream().map(this::element).toList();
    }

    private Object element(String fieldId) {
        if (format == FieldUpdatesFormat.IDS) {
            return fieldId;
        }
        var element = new LinkedHashMap<String, Object>();
        element.put("fieldId", fieldId);
        element.put("fieldPath", Fields.slashKey(fieldId));
        return element;
    }
}
