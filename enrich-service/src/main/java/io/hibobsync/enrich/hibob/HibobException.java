package io.hibobsync.enrich.hibob;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/** HiBob did not give us the employees we asked for; the subclass says whether trying again can help. */
public abstract class HibobException extends RuntimeException {

    private static final int IDS_IN_MESSAGE = 5;

    private final List<String> employeeIds;

    HibobException(String message, Collection<String> employeeIds, Throwable cause) {
        super(message, cause);
        this.employeeIds = List.copyOf(employeeIds);
    }

    /** The employees the failed call was about; empty for the full sync's search of every employee. */
    public List<String> employeeIds() {
        return employeeIds;
    }

    /**
     * {@code employee 3332…} or {@code employees 3332…, 3333…, … (12 in all)}, for messages; {@code every employee}
     * for no ids: the full sync's search without a filter.
     */
    static String describe(Collection<String> employeeIds) {
        if (employeeIds.isEmpty()) {
            return "every employee";
        }
        if (employeeIds.size() == 1) {
            return "employee " + employeeIds.iterator().next();
        }
        String shown = employeeIds.stream().limit(IDS_IN_MESSAGE).collect(Collectors.joining(", "));
        return employeeIds.size() <= IDS_IN_MESSAGE
                ? "employees " + shown
                : "employees " + shown + ", ... (" + employeeIds.size() + " in all)";
    }
}
