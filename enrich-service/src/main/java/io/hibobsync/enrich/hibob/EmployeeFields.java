package io.hibobsync.enrich.hibob;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The HiBob field ids enrich-service asks for: the ones {@code EmployeeSnapshot} is made of, plus
 * {@code HIBOB_EXTRA_FIELDS}. Asking for exactly these keeps answers small and the service user's
 * permissions narrow.
 */
public final class EmployeeFields {

    static final String ID = "root.id";
    static final String EMAIL = "root.email";
    static final String FIRST_NAME = "root.firstName";
    static final String SURNAME = "root.surname";
    static final String DISPLAY_NAME = "root.displayName";
    static final String DEPARTMENT = "work.department";
    static final String SITE = "work.site";
    static final String TITLE = "work.title";
    static final String REPORTS_TO = "work.reportsTo";
    static final String MANAGER = "work.manager";
    static final String START_DATE = "work.startDate";
    static final String STATUS = "internal.status";
    static final String LIFECYCLE_STATUS = "internal.lifecycleStatus";
    static final String TERMINATION_DATE = "internal.terminationDate";

    /** Always read: what the snapshot's own fields come from. */
    public static final List<String> CORE = List.of(ID, EMAIL, FIRST_NAME, SURNAME, DISPLAY_NAME, DEPARTMENT, SITE,
            REPORTS_TO, MANAGER, START_DATE, STATUS, LIFECYCLE_STATUS, TERMINATION_DATE);

    /**
     * HiBob list fields: their machine value may be the list item's id rather than its name, so the
     * human-readable value is preferred.
     */
    static final Set<String> LIST_VALUED = Set.of(DEPARTMENT, SITE, TITLE);

    /**
     * HiBob field ids a webhook's {@code fieldUpdates} may name for a field the snapshot reads under another id:
     * the manager is both {@code work.reportsTo} and {@code work.manager}, the site also {@code work.siteId}, the
     * display name follows {@code root.fullName}.
     */
    private static final Map<String, List<String>> ALIASES = Map.of(
            REPORTS_TO, List.of(REPORTS_TO, MANAGER),
            MANAGER, List.of(MANAGER, REPORTS_TO),
            "work.siteId", List.of(SITE),
            "root.fullName", List.of(DISPLAY_NAME));

    private final List<String> requested;
    // Lower-case field id to the requested ids it stands for; root.id is not a change anyone makes.
    private final Map<String, List<String>> mapped = new HashMap<>();

    public EmployeeFields(List<String> extraFields) {
        Set<String> all = new LinkedHashSet<>(CORE);
        all.addAll(extraFields);
        this.requested = List.copyOf(new ArrayList<>(all));
        for (String field : requested) {
            if (!field.equals(ID)) {
                mapped.put(field.toLowerCase(Locale.ROOT), List.of(field));
            }
        }
        ALIASES.forEach((alias, fields) -> {
            List<String> read = fields.stream().filter(requested::contains).toList();
            if (!read.isEmpty()) {
                mapped.put(alias.toLowerCase(Locale.ROOT), read);
            }
        });
    }

    public static EmployeeFields of(HibobProperties properties) {
        return new EmployeeFields(properties.extraFields());
    }

    /** Every field id a search asks for, core first. */
    public List<String> requested() {
        return requested;
    }

    /**
     * The fields of the snapshot that a change of HiBob field {@code fieldId} (as a webhook's {@code fieldUpdates}
     * names it, e.g. {@code work.department}) shows in: the field itself when the sync reads it (core or
     * {@code HIBOB_EXTRA_FIELDS}, any case), its aliases, or for a part of a field ({@code work.reportsTo.email})
     * the field; empty for a field the sync does not map.
     */
    public List<String> mappedTo(String fieldId) {
        if (fieldId == null) {
            return List.of();
        }
        String key = fieldId.trim().toLowerCase(Locale.ROOT);
        List<String> fields = mapped.get(key);
        while (fields == null && key.lastIndexOf('.') > key.indexOf('.')) {
            key = key.substring(0, key.lastIndexOf('.'));
            fields = mapped.get(key);
        }
        return fields == null ? List.of() : fields;
    }
}
