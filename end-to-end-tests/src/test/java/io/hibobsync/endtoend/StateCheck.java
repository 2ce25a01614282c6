package io.hibobsync.endtoend;

import io.hibobsync.simulator.docebo.DoceboUser;
import io.hibobsync.simulator.hibob.SimulatedEmployee;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Docebo against HiBob's truth, employee by employee, as the sync is configured for the fault suite (username =
 * work email, {@link Company#BRANCH_OF}, additional field 5 = {@code work.title}, deletions delete):
 * <ul>
 *   <li>every employee HiBob has: exactly one Docebo user with their email as username or email, with their first
 *       name, surname, email, title, active exactly when HiBob's access is Active, in their department's branch, and
 *       their HiBob manager's user as Direct Manager (when they have one);</li>
 *   <li>every employee deleted in HiBob: no Docebo user with their email.</li>
 * </ul>
 * More than one user for an employee is a duplicate.
 */
final class StateCheck {

    /**
     * What the comparison found: {@code wrong} are the employees that do not match (or have duplicates),
     * {@code differences} says what differs for the first few; {@code excluded} employees were left out.
     */
    record Result(int employees, int matching, int duplicates, List<String> wrong, List<String> differences,
            int excluded) {

        boolean allMatch() {
            return matching == employees && duplicates == 0;
        }

        String percent() {
            return employees == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f %%", 100.0 * matching / employees);
        }

        @Override
        public String toString() {
            return matching + "/" + employees + " match, " + duplicates + " duplicated"
                    + (excluded == 0 ? "" : " (" + excluded + " left out: wrong since an earlier scenario)")
                    + (differences.isEmpty() ? "" : "; e.g. " + String.join("; ", differences));
        }
    }

    private static final int EXAMPLES = 5;

    private StateCheck() {
    }

    /** Every employee but {@code excluded} (ids found wrong by an earlier scenario, reported there). */
    static Result compare(List<SimulatedEmployee> hibob, Map<String, String> deletedEmails, List<DoceboUser> docebo,
            java.util.Set<String> excluded) {
        Map<String, List<DoceboUser>> byAddress = new HashMap<>();
        for (DoceboUser user : docebo) {
            index(byAddress, user.username(), user);
            if (user.email() != null && !user.email().equalsIgnoreCase(user.username())) {
                index(byAddress, user.email(), user);
            }
        }
        Map<String, SimulatedEmployee> byId = new HashMap<>();
        hibob.forEach(employee -> byId.put(employee.id(), employee));
        int matching = 0;
        int duplicates = 0;
        int left = 0;
        List<String> wrong = new ArrayList<>();
        List<String> differences = new ArrayList<>();
        for (SimulatedEmployee employee : hibob) {
            if (excluded.contains(employee.id())) {
                left++;
                continue;
            }
            List<DoceboUser> users = byAddress.getOrDefault(key(employee.email()), List.of());
            if (users.size() > 1) {
                duplicates++;
            }
            String difference = users.size() == 1 ? difference(employee, users.get(0), byId)
                    : users.isEmpty() ? "no Docebo user" : users.size() + " Docebo users";
            if (difference == null) {
                matching++;
            } else {
                wrong.add(employee.id());
                if (differences.size() < EXAMPLES) {
                    differences.add("employee " + employee.id() + " (" + employee.email() + "): " + difference);
                }
            }
        }
        for (Map.Entry<String, String> deleted : deletedEmails.entrySet()) {
            if (excluded.contains(deleted.getKey())) {
                left++;
                continue;
            }
            List<DoceboUser> users = byAddress.getOrDefault(key(deleted.getValue()), List.of());
            if (users.size() > 1) {
                duplicates++;
            }
            if (users.isEmpty()) {
                matching++;
            } else {
                wrong.add(deleted.getKey());
                if (differences.size() < EXAMPLES) {
                    differences.add("employee " + deleted.getKey() + " (" + deleted.getValue() + ") deleted in HiBob: "
                            + users.size() + " Docebo user(s) left");
                }
            }
        }
        return new Result(hibob.size() + deletedEmails.size() - left, matching, duplicates, List.copyOf(wrong),
                List.copyOf(differences), left);
    }

    /** What differs between the employee and their user, or {@code null} when nothing does. */
    private static String difference(SimulatedEmployee employee, DoceboUser user, Map<String, SimulatedEmployee> byId) {
        List<String> wrong = new ArrayList<>();
        same(wrong, "first name", text(employee, "root.firstName"), user.firstName());
        same(wrong, "surname", text(employee, "root.surname"), user.lastName());
        if (!employee.email().equalsIgnoreCase(user.email())) {
            wrong.add("email " + user.email() + " ≠ " + employee.email());
        }
        same(wrong, "title", text(employee, "work.title"), user.fields().get(5));
        boolean active = "Active".equalsIgnoreCase(employee.status());
        if (user.active() != active) {
            wrong.add(active ? "inactive, HiBob: active" : "active, HiBob: " + employee.lifecycleStatus());
        }
        String branch = Company.BRANCH_OF.get(text(employee, "work.department"));
        if (branch != null && !user.branches().contains(branch)) {
            wrong.add("branches " + user.branches() + " without " + branch);
        }
        SimulatedEmployee manager = employee.managerId() == null ? null : byId.get(employee.managerId());
        if (manager != null && !manager.email().equalsIgnoreCase(user.directManager())) {
            wrong.add("Direct Manager " + user.directManager() + " ≠ " + manager.email());
        }
        return wrong.isEmpty() ? null : String.join(", ", wrong);
    }

    private static void same(List<String> wrong, String what, String expected, String actual) {
        if (!Objects.equals(expected, actual)) {
            wrong.add(what + " " + actual + " ≠ " + expected);
        }
    }

    private static String text(SimulatedEmployee employee, String field) {
        Object value = employee.field(field);
        return value == null ? null : value.toString();
    }

    private static void index(Map<String, List<DoceboUser>> byAddress, String address, DoceboUser user) {
        if (address != null) {
            byAddress.computeIfAbsent(key(address), k -> new ArrayList<>()).add(user);
        }
    }

    private static String key(String address) {
        return address == null ? "" : address.toLowerCase(Locale.ROOT);
    }
}
