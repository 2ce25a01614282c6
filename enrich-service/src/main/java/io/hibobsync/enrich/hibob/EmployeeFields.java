package io.hibobsync.enrich.hibob;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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

    private final List<String> requested;

    public EmployeeFields(List<String> extraFields) {
        Set<String> all = new LinkedHashSet<>(CORE);
        all.addAll(extraFields);
        this.requested = List.copyOf(new ArrayList<>(all));
    }

    public static EmployeeFields of(HibobProperties properties) {
        return new EmployeeFields(properties.extraFields());
    }

    /** Every field id a search asks for, core first. */
    public List<String> requested() {
        return requested;
    }
}
