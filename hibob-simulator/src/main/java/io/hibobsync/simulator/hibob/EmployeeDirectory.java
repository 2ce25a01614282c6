package io.hibobsync.simulator.hibob;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The tenant's employees, in memory, in hiring order. Thread-safe; readers work on snapshots. */
final class EmployeeDirectory {

    private final Map<String, Employee> byId = new LinkedHashMap<>();
    private final Map<String, String> idByEmail = new HashMap<>();
    private final Set<String> customFields = new LinkedHashSet<>();

    /** Everything as it is now; later changes do not show in it. */
    synchronized Snapshot snapshot() {
        return new Snapshot(Map.copyOf(byId), List.copyOf(byId.values()), Set.copyOf(customFields));
    }

    synchronized Optional<Employee> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    synchronized Optional<Employee> byIdOrEmail(String idOrEmail) {
        var employee = byId.get(idOrEmail);
        if (employee != null) {
            return Optional.of(employee);
        }
        return Optional.ofNullable(idByEmail.get(normalise(idOrEmail))).map(byId::get);
    }

    synchronized boolean emailTaken(String email, String exceptId) {
        String owner = idByEmail.get(normalise(email));
        return owner != null && !owner.equals(exceptId);
    }

    synchronized Set<String> ids() {
        return new HashSet<>(byId.keySet());
    }

    /** Adds or replaces the employee with this id. */
    synchronized void put(Employee employee) {
        var previous = byId.put(employee.id(), employee);
        if (previous != null && previous.email() != null) {
            idByEmail.remove(normalise(previous.email()));
        }
        if (employee.email() != null) {
            idByEmail.put(normalise(employee.email()), employee.id());
        }
        employee.values().keySet().stream()
                .filter(field -> !Fields.STANDARD.contains(field))
                .forEach(customFields::add);
    }

    synchronized Optional<Employee> remove(String id) {
        var removed = byId.remove(id);
        if (removed != null && removed.email() != null) {
            idByEmail.remove(normalise(removed.email()));
        }
        return Optional.ofNullable(removed);
    }

    synchronized void replaceAll(Collection<Employee> employees) {
        byId.clear();
        idByEmail.clear();
        customFields.clear();
        employees.forEach(this::put);
    }

    private static String normalise(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    /** A consistent view for one read: the employees by id and in order, and the custom fields known. */
    record Snapshot(Map<String, Employee> byId, List<Employee> inOrder, Set<String> customFields) {

        Optional<Employee> byId(String id) {
            return Optional.ofNullable(byId.get(id));
        }

        boolean isKnownField(String field) {
            return Fields.STANDARD.contains(field) || customFields.contains(field);
        }

        Set<String> managerIds() {
            var managers = new HashSet<String>();
            inOrder.forEach(employee -> {
                String manager = employee.text(Fields.MANAGER);
                if (manager != null) {
                    managers.add(manager);
                }
            });
            return managers;
        }
    }
}
