package io.hibobsync.simulator.hibob;

import com.fasterxml.jackson.annotation.JsonAlias;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A person to hire into the simulated tenant ({@code POST /sim/employees}). Only the names are required.
 *
 * @param firstName   first name
 * @param surname     surname (JSON also accepts {@code lastName})
 * @param email       work email; {@code first.surname@example.com} when absent
 * @param department  department name (or list item id); created when new
 * @param title       job title name (or list item id); created when new
 * @param site        site name; the first site (London) when absent
 * @param managerId   the manager's employee id (JSON also accepts {@code manager})
 * @param startDate   today when absent; a future date makes a Hired employee with access Inactive
 * @param fields      any other field ids and values, e.g. {@code about.about}
 * @param triggeredBy who the webhook says made the change; the tenant's first employee (the CEO) when absent
 */
public record NewHire(String firstName, @JsonAlias("lastName") String surname, String email, String department,
                      String title, String site, @JsonAlias("manager") String managerId, LocalDate startDate,
                      Map<String, Object> fields, String triggeredBy) {

    public NewHire {
        fields = fields == null ? Map.of() : new LinkedHashMap<>(fields);
    }

    public static NewHire of(String firstName, String surname) {
        return new NewHire(firstName, surname, null, null, null, null, null, null, null, null);
    }

    public NewHire withEmail(String email) {
        return new NewHire(firstName, surname, email, department, title, site, managerId, startDate, fields, triggeredBy);
    }

    public NewHire withDepartment(String department) {
        return new NewHire(firstName, surname, email, department, title, site, managerId, startDate, fields, triggeredBy);
    }

    public NewHire withTitle(String title) {
        return new NewHire(firstName, surname, email, department, title, site, managerId, startDate, fields, triggeredBy);
    }

    public NewHire withSite(String site) {
        return new NewHire(firstName, surname, email, department, title, site, managerId, startDate, fields, triggeredBy);
    }

    public NewHire withManager(String managerId) {
        return new NewHire(firstName, surname, email, department, title, site, managerId, startDate, fields, triggeredBy);
    }

    public NewHire withStartDate(LocalDate startDate) {
        return new NewHire(firstName, surname, email, department, title, site, managerId, startDate, fields, triggeredBy);
    }

    public NewHire withField(String fieldId, Object value) {
        var more = new LinkedHashMap<>(fields);
        more.put(fieldId, value);
        return new NewHire(firstName, surname, email, department, title, site, managerId, startDate, more, triggeredBy);
    }
}
