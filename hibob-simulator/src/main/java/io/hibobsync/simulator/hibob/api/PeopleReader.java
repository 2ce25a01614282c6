package io.hibobsync.simulator.hibob.api;

import io.hibobsync.simulator.hibob.company.Employee;
import io.hibobsync.simulator.hibob.company.EmployeeDirectory;
import io.hibobsync.simulator.hibob.company.Fields;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Answers people searches and single reads from the directory, as HiBob would: from what the API can see
 * ({@link EmployeeDirectory#apiSnapshot()}), so a change made within the read lag does not show yet.
 */
public final class PeopleReader {

    private final EmployeeDirectory directory;
    private final EmployeeProjection projection;

    public PeopleReader(EmployeeDirectory directory, EmployeeProjection projection) {
        this.directory = directory;
        this.projection = projection;
    }

    /**
     * Hands every match to {@code answer}, one at a time, so that a 100,000-employee answer is written as it
     * is made rather than held in memory. HiBob has no pagination: one call answers everything.
     */
    void search(PeopleQuery query, Consumer<Map<String, Object>> answer) {
        var snapshot = directory.apiSnapshot();
        var fields = projection.readableFields(query.fields(), snapshot);
        Set<String> managerIds = fields.contains(Fields.IS_MANAGER) ? snapshot.managerIds() : Set.of();
        Predicate<Employee> matches = query.filter().map(PeopleReader::matching).orElse(employee -> true);
        snapshot.inOrder().stream()
                .filter(employee -> query.showInactive() || employee.isActive())
                .filter(matches)
                .forEach(employee -> answer.accept(
                        projection.project(employee, fields, query.humanReadable(), snapshot, managerIds)));
    }

    Map<String, Object> read(String idOrEmail, PeopleQuery query) {
        var snapshot = directory.apiSnapshot();
        var employee = snapshot.byIdOrEmail(idOrEmail)
                .orElseThrow(() -> HibobApiException.notFound("Employee " + idOrEmail + " not found"));
        var fields = projection.readableFields(query.fields(), snapshot);
        Set<String> managerIds = fields.contains(Fields.IS_MANAGER) ? snapshot.managerIds() : Set.of();
        return projection.project(employee, fields, query.humanReadable(), snapshot, managerIds);
    }

    private static Predicate<Employee> matching(PeopleQuery.Filter filter) {
        if (filter.fieldPath().equals(Fields.EMAIL)) {
            var emails = new HashSet<String>();
            filter.values().forEach(email -> emails.add(email.trim().toLowerCase(Locale.ROOT)));
            return employee -> employee.email() != null && emails.contains(employee.email().toLowerCase(Locale.ROOT));
        }
        var ids = Set.copyOf(filter.values());
        return employee -> ids.contains(employee.id());
    }
}
