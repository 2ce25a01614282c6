package io.hibobsync.writer.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a HiBob employee becomes a Docebo user. Each setting is one environment variable (see application.yml for
 * the names and defaults); lists are written {@code key=value,key=value}. An invalid value stops start-up with a
 * message naming the variable, so a typo never turns into wrong users.
 *
 * @param usernamePolicy      {@code email}: the work email lower-cased; {@code employee-id}: HiBob's id
 * @param newUserLevel        Docebo level given to users the sync creates; existing users keep theirs
 * @param defaultLanguage     Docebo language when the site has none mapped; blank leaves Docebo's default
 * @param defaultTimezone     likewise for the time zone
 * @param siteLanguages       HiBob site name to Docebo language, e.g. {@code Paris=french}
 * @param siteTimezones       HiBob site name to time zone, e.g. {@code London=Europe/London}
 * @param additionalFields    Docebo additional field id to HiBob field path, e.g. {@code 5=work.title}
 * @param departmentBranches  HiBob department name to Docebo branch code, e.g. {@code Engineering=ENG}
 * @param onDelete            what HiBob's {@code employee.deleted} does: {@code delete} or {@code deactivate}
 * @param adoptedBranch       an existing user the sync adopts, whose branch Docebo's user list does not show:
 *                            {@code assign} writes the mapped branch to it once (a batch row each,
 *                            {@code DOCEBO_BATCH_SIZE} a call); {@code trust} takes it to be in the mapped branch
 *                            already and writes nothing
 */
@ConfigurationProperties("mapping")
public record MappingProperties(String usernamePolicy, String newUserLevel, String defaultLanguage,
        String defaultTimezone, String siteLanguages, String siteTimezones, String additionalFields,
        String departmentBranches, String onDelete, String adoptedBranch) {

    public MappingProperties {
        usernamePolicy = oneOf(usernamePolicy, "DOCEBO_USERNAME_POLICY", "email", "employee-id");
        newUserLevel = oneOf(newUserLevel, "DOCEBO_NEW_USER_LEVEL", "user", "poweruser", "godadmin");
        onDelete = oneOf(onDelete, "DOCEBO_ON_DELETE", "delete", "deactivate");
        adoptedBranch = oneOf(adoptedBranch, "DOCEBO_ADOPTED_BRANCH", "assign", "trust");
        pairs(siteLanguages, "DOCEBO_SITE_LANGUAGES");
        pairs(siteTimezones, "DOCEBO_SITE_TIMEZONES");
        pairs(departmentBranches, "DOCEBO_DEPARTMENT_BRANCHES");
        additionalFieldPaths(additionalFields);
    }

    boolean usernameIsEmployeeId() {
        return "employee-id".equals(usernamePolicy);
    }

    public boolean deactivateOnDelete() {
        return "deactivate".equals(onDelete);
    }

    public boolean assignsAdoptedBranch() {
        return "assign".equals(adoptedBranch);
    }

    Map<String, String> languageBySite() {
        return pairs(siteLanguages, "DOCEBO_SITE_LANGUAGES");
    }

    Map<String, String> timezoneBySite() {
        return pairs(siteTimezones, "DOCEBO_SITE_TIMEZONES");
    }

    Map<String, String> branchByDepartment() {
        return pairs(departmentBranches, "DOCEBO_DEPARTMENT_BRANCHES");
    }

    /** Docebo additional field id to the HiBob field path it is filled from. */
    Map<Integer, String> additionalFieldPaths() {
        return additionalFieldPaths(additionalFields);
    }

    private static Map<Integer, String> additionalFieldPaths(String setting) {
        Map<Integer, String> paths = new LinkedHashMap<>();
        pairs(setting, "DOCEBO_ADDITIONAL_FIELDS").forEach((id, path) -> {
            try {
                paths.put(Integer.parseInt(id), path);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("DOCEBO_ADDITIONAL_FIELDS: '" + id + "' is not a Docebo additional "
                        + "field id (a number, as in field_5): write 5=work.title");
            }
            if (!path.contains(".")) {
                throw new IllegalArgumentException("DOCEBO_ADDITIONAL_FIELDS: '" + path + "' is not a HiBob field path "
                        + "such as work.title or root.email");
            }
        });
        return paths;
    }

    private static Map<String, String> pairs(String setting, String variable) {
        Map<String, String> pairs = new LinkedHashMap<>();
        if (setting == null || setting.isBlank()) {
            return pairs;
        }
        for (String entry : setting.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals <= 0 || equals == entry.length() - 1) {
                throw new IllegalArgumentException(variable + ": '" + entry.strip()
                        + "' is not of the form key=value (entries are separated by commas)");
            }
            pairs.put(entry.substring(0, equals).strip(), entry.substring(equals + 1).strip());
        }
        return Collections.unmodifiableMap(pairs);
    }

    private static String oneOf(String value, String variable, String... allowed) {
        // application.yml gives every variable left unset its default: only one set but empty is blank here.
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(variable + " is empty: give it one of " + String.join(", ", allowed)
                    + ", or unset it for its default.");
        }
        String normalized = value.strip().toLowerCase(Locale.ROOT);
        for (String candidate : allowed) {
            if (candidate.equals(normalized)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException(variable + " is '" + value + "'; expected one of " + String.join(", ", allowed));
    }
}
