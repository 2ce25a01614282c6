package io.hibobsync.simulator.hibob;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The field ids of the simulated tenant and what kind of value each holds. */
final class Fields {

    static final String ID = "root.id";
    static final String EMAIL = "root.email";
    static final String FIRST_NAME = "root.firstName";
    static final String SURNAME = "root.surname";
    static final String DISPLAY_NAME = "root.displayName";
    static final String FULL_NAME = "root.fullName";
    static final String COMPANY_ID = "root.companyId";
    static final String DEPARTMENT = "work.department";
    static final String TITLE = "work.title";
    static final String SITE = "work.site";
    static final String SITE_ID = "work.siteId";
    static final String START_DATE = "work.startDate";
    static final String MANAGER = "work.manager";
    static final String REPORTS_TO = "work.reportsTo";
    static final String IS_MANAGER = "work.isManager";
    static final String EMPLOYEE_NUMBER = "work.employeeIdInCompany";
    static final String STATUS = "internal.status";
    static final String LIFECYCLE_STATUS = "internal.lifecycleStatus";
    static final String TERMINATION_DATE = "internal.terminationDate";
    static final String ABOUT = "about.about";
    static final String CITY = "address.city";
    static final String COUNTRY = "address.country";

    /** Every field a tenant has out of the box; admin updates may add custom ones. */
    static final List<String> STANDARD = List.of(ID, EMAIL, FIRST_NAME, SURNAME, DISPLAY_NAME, FULL_NAME, COMPANY_ID,
            DEPARTMENT, TITLE, SITE, SITE_ID, START_DATE, MANAGER, REPORTS_TO, IS_MANAGER, EMPLOYEE_NUMBER,
            STATUS, LIFECYCLE_STATUS, TERMINATION_DATE, ABOUT, CITY, COUNTRY);

    /** What a search or read without {@code fields} answers. */
    static final List<String> DEFAULT_READ = List.of(ID, EMAIL, FIRST_NAME, SURNAME, DISPLAY_NAME, COMPANY_ID,
            DEPARTMENT, TITLE, SITE, START_DATE, MANAGER, STATUS, LIFECYCLE_STATUS);

    /** Computed from other fields on every read; never stored. */
    static final Set<String> COMPUTED = Set.of(REPORTS_TO, IS_MANAGER);

    /** Set by the simulator itself; an admin update of these is refused. */
    static final Set<String> NOT_UPDATABLE = Set.of(ID, COMPANY_ID, SITE_ID, REPORTS_TO, IS_MANAGER, CITY, COUNTRY);

    /** List fields: machine form is the list item's name or id, human form its name. */
    static final Set<String> LIST_VALUED = Set.of(DEPARTMENT, TITLE);

    static final Set<String> DATES = Set.of(START_DATE, TERMINATION_DATE);

    static final String ACTIVE = "Active";
    static final String INACTIVE = "Inactive";
    static final String HIRED = "Hired";
    static final String EMPLOYED = "Employed";
    static final String TERMINATED = "Terminated";

    private static final Pattern FIELD_ID = Pattern.compile("[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)+");

    private Fields() {
    }

    /** {@code category.name}, possibly deeper ({@code work.custom.costCenter}). */
    static boolean isWellFormed(String fieldId) {
        return FIELD_ID.matcher(fieldId).matches();
    }

    static boolean isRoot(String fieldId) {
        return fieldId.startsWith("root.");
    }

    /** {@code work.startDate} -> {@code /work/startDate}, the key HiBob uses beside the nested form. */
    static String slashKey(String fieldId) {
        return "/" + fieldId.replace('.', '/');
    }
}
