package io.hibobsync.writer;

import io.hibobsync.contracts.EmployeeSnapshot;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Employee snapshots as enrich-service publishes them, built for tests. */
final class Snapshot {

    private final String employeeId;
    private String event = "employee.updated";
    private Instant readAt = Instant.now();
    private String email;
    private String firstName = "Ada";
    private String surname = "Lovelace";
    private String department = "Engineering";
    private String site = "London";
    private String managerId;
    private String managerEmail;
    private Boolean active = true;
    private String lifecycleStatus = "Employed";
    private final Map<String, String> fields = new LinkedHashMap<>();

    private Snapshot(String employeeId) {
        this.employeeId = employeeId;
        this.email = "employee." + employeeId + "@example.com";
    }

    static Snapshot employee(String employeeId) {
        return new Snapshot(employeeId);
    }

    static EmployeeSnapshot deletion(String employeeId, String email) {
        Instant now = Instant.now();
        return EmployeeSnapshot.deletion(employeeId, email, UUID.randomUUID().toString(), now, now);
    }

    Snapshot event(String value) {
        event = value;
        return this;
    }

    Snapshot readAt(Instant value) {
        readAt = value;
        return this;
    }

    Snapshot email(String value) {
        email = value;
        return this;
    }

    Snapshot name(String first, String last) {
        firstName = first;
        surname = last;
        return this;
    }

    Snapshot department(String value) {
        department = value;
        return this;
    }

    Snapshot site(String value) {
        site = value;
        return this;
    }

    Snapshot manager(String id, String email) {
        managerId = id;
        managerEmail = email;
        return this;
    }

    Snapshot active(Boolean value, String lifecycle) {
        active = value;
        lifecycleStatus = lifecycle;
        return this;
    }

    Snapshot field(String path, String value) {
        fields.put(path, value);
        return this;
    }

    EmployeeSnapshot build() {
        return new EmployeeSnapshot(employeeId, event, UUID.randomUUID().toString(), readAt.minusMillis(50), readAt,
                false, email, firstName, surname, firstName + " " + surname, department, site, managerId, managerEmail,
                active, lifecycleStatus, null, null, fields);
    }
}
