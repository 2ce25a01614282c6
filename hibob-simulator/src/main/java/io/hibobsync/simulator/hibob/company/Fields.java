package io.hibobsync.simulator.hibob.company;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The field ids of the simulated tenant and what kind of value each holds. */
public final class Fields {

    public static final String ID = "root.id";
    public static final String EMAIL = "root.email";
    public static final String FIRST_NAME = "root.firstName";
    public static final String SURNAME = "root.surname";
    public static final String DISPLAY_NAME = "root.displayName";
    public static final String FULL_NAME = "root.fullName";
    public static final String COMPANY_ID = "root.companyId";
    public static final String DEPARTMENT = "work.department";
    public static final String TITLE = "work.title";
    public static final String SITE = "work.site";
    public static final String SITE_ID = "work.siteId";
    public static final String START_DATE = "work.startDate";
    public static final String MANAGER = "work.manager";
    public static final String REPORTS_TO = "work.reportsTo";
    public static final String IS_MANAGER = "work.isManager";
    public static final String EMPLOYEE_NUMBER = "work.employeeIdInCompany";
    public static final String STATUS = "internal.status";
    public static final String LIFECYCLE_STATUS = "internal.lifecycleStatus";
    public static final String TERMINATION_DATE = "internal.terminationDate";
    public static final String ABOUT = "about.about";
    public static final String CITY = "address.city";
    public static final String COUNTRY = "address.country";

    /** Every field a tenant has out of the box; admin updates may add custom ones. */
    public static final List<String> STANDARD = List.of(ID, EMAIL, FIRST_NAME, SURNAME, DISPLAY_NAME, FULL_NAME, COMPANY_ID,
            DEPARTMENT, TITLE, SITE, SITE_ID, START_DATE, MANAGER, REPORTS_TO, IS_MANAGER, EMPLOYEE_NUMBER,
            STATUS, LIFECYCLE_STATUS, TERMINATION_DATE, ABOUT, CITY, COUNTRY);

    /** What a search or read without {@code fields} answers. */
    public static final List<String> DEFAULT_READ = List.of(ID, EMAIL, FIRST_NAME, SURNAME, DISPLAY_NAME, COMPANY_ID,
            DEPARTMENT, TITLE, SITE, START_DATE, MANAGER, STATUS, LIFECYCLE_STATUS);

    /** Computed from other fields on every read; never stored. */
    public static final Set<String> COMPUTED = Set.of(REPORTS_TO, IS_MANAGER);

    /** Set by the simulator itself; an admin update of these is refused. */
    public static final Set<String> NOT_UPDATABLE = Set.of(ID, COMPANY_ID, SITE_ID, REPORTS_TO, IS_MANAGER, CITY, COUNTRY);

    /** List fields: machine form is the list item's name or id, human form its name. */
    static final Set<String> LIST_VALUED = Set.of(DEPARTMENT, TITLE);

    static final Set<String> DATES = Set.of(START_DATE, TERMINATION_DATE);

    public static final String ACTIVE = "Active";
    public static final String INACTIVE = "Inactive";
    public static final String HIRED = "Hired";
    public static final String EMPLOYED = "Employed";
    public static final String TERMINATED = "Terminated";

    private static final Pattern FIELD_ID = Pattern.compile("[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)+");

    private Fields() {
    }

    /** {@code category.name}, possibly deeper ({@code work.custom.costCenter}). */
    public static boolean isWellFormed(String fieldId) {
        return FIELD_ID.matcher(fieldId).matches();
    }

    public static boolean isRoot(String fieldId) {
        return fieldId.startsWith("root.");
    }

    /** {@code work.startDate} -> {@code /work/startDate}, the key HiBob uses beside the nested form. */
    public static String slashKey(String fieldId) {
        return "/" + fieldId.replace('.', '/');
    }
}
