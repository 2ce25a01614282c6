package io.hibobsync.simulator.hibob.admin;

import io.hibobsync.simulator.hibob.SimulatedEmployee;
import io.hibobsync.simulator.hibob.company.Fields;
import java.util.List;
import java.util.Objects;

/** A plain-text table of employees, wide enough to read in a terminal. */
final class EmployeeTable {

    private static final String ROW = "%-19s  %-36s  %-26s  %-18s  %-9s  %-8s  %-10s  %-19s%n";

    private EmployeeTable() {
    }

    static String render(List<SimulatedEmployee> employees) {
        var table = new StringBuilder(String.format(ROW, "ID", "EMAIL", "NAME", "DEPARTMENT", "SITE", "ACCESS",
                "LIFECYCLE", "MANAGER"));
        employees.forEach(employee -> table.append(String.format(ROW, employee.id(), text(employee.email()),
                text(employee.displayName()), text(employee.field(Fields.DEPARTMENT)),
                text(employee.field(Fields.SITE)), text(employee.status()), text(employee.lifecycleStatus()),
                text(employee.managerId()))));
        table.append(employees.size()).append(" employees").append(System.lineSeparator());
        return table.toString();
    }

    private static String text(Object value) {
        return Objects.toString(value, "-");
    }
}
