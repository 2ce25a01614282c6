package io.hibobsync.writer.mapping;

import io.hibobsync.contracts.EmployeeSnapshot;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Turns an employee snapshot into the Docebo user it should have, by the configured {@link MappingProperties}. */
@Component
public class UserMapper {

    private final MappingProperties mapping;

    public UserMapper(MappingProperties mapping) {
        this.mapping = mapping;
    }

    public DesiredUser desiredUser(EmployeeSnapshot employee) {
        String username = username(employee.employeeId(), employee.email());
        String managerUsername = employee.managerId() == null ? null
                : usernameOrNull(employee.managerId(), employee.managerEmail());
        Map<Integer, String> additional = new LinkedHashMap<>();
        mapping.additionalFieldPaths().forEach((fieldId, path) -> {
            String value = employee.fields().get(path);
            if (value != null) {
                additional.put(fieldId, value);
            }
        });
        return new DesiredUser(username, lowerCase(employee.email()), employee.firstName(), employee.surname(),
                active(employee), bySite(mapping.languageBySite(), employee.site(), mapping.defaultLanguage()),
                bySite(mapping.timezoneBySite(), employee.site(), mapping.defaultTimezone()), additional,
                employee.department() == null ? null : mapping.branchByDepartment().get(employee.department()),
                employee.managerId(), managerUsername);
    }

    /** The Docebo username an employee has under the username policy. */
    public String username(String employeeId, String email) {
        String username = usernameOrNull(employeeId, email);
        if (username == null) {
            throw new UnmappableEmployeeException("Employee " + employeeId + " has no work email in HiBob (or the "
                    + "service user may not read root.email), and DOCEBO_USERNAME_POLICY=email needs one");
        }
        return username;
    }

    public boolean deactivateOnDelete() {
        return mapping.deactivateOnDelete();
    }

    /** Whether an adopted user, whose branch Docebo's user list does not show, is given the mapped branch. */
    public boolean assignsAdoptedBranch() {
        return mapping.assignsAdoptedBranch();
    }

    public String newUserLevel() {
        return mapping.newUserLevel();
    }

    private String usernameOrNull(String employeeId, String email) {
        if (mapping.usernameIsEmployeeId()) {
            return employeeId;
        }
        return email == null || email.isBlank() ? null : lowerCase(email);
    }

    // HiBob access decides; when it was withheld, a lifecycle status tells leavers and future hires apart.
    private static Boolean active(EmployeeSnapshot employee) {
        if (employee.active() != null) {
            return employee.active();
        }
        if (employee.lifecycleStatus() == null) {
            return null;
        }
        String lifecycle = employee.lifecycleStatus().toLowerCase(Locale.ROOT);
        return !(lifecycle.equals("terminated") || lifecycle.equals("hired"));
    }

    private static String bySite(Map<String, String> bySite, String site, String fallback) {
        String value = site == null ? null : bySite.get(site);
        if (value != null) {
            return value;
        }
        return fallback == null || fallback.isBlank() ? null : fallback;
    }

    private static String lowerCase(String value) {
        return value == null ? null : value.strip().toLowerCase(Locale.ROOT);
    }

    /** The employee cannot become a Docebo user under this configuration: the record goes to the dead-letter topic. */
    public static class UnmappableEmployeeException extends RuntimeException {
        UnmappableEmployeeException(String message) {
            super(message);
        }
    }
}
