package io.hibobsync.simulator.hibob.api;

import io.hibobsync.simulator.hibob.HibobSimulatorProperties;
import io.hibobsync.simulator.hibob.HibobSimulatorProperties.ListValueForm;
import io.hibobsync.simulator.hibob.HibobSimulatorProperties.StatusCase;
import io.hibobsync.simulator.hibob.company.CompanyLists;
import io.hibobsync.simulator.hibob.company.Employee;
import io.hibobsync.simulator.hibob.company.EmployeeDirectory;
import io.hibobsync.simulator.hibob.company.Fields;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Shapes an employee the way HiBob answers it: root fields at top level, slash keys
 * ({@code "/work/department": {"value": ...}}) for non-null values, other categories nested with
 * requested-but-null fields as {@code null}; only the requested, readable, known fields.
 */
public final class EmployeeProjection {

    private static final DateTimeFormatter DISPLAY_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    private final CompanyLists lists;
    private final ListValueForm listValueForm;
    private final StatusCase statusCase;
    private final Set<String> forbiddenFields;

    public EmployeeProjection(CompanyLists lists, HibobSimulatorProperties properties) {
        this.lists = lists;
        this.listValueForm = properties.departmentValue();
        this.statusCase = properties.statusCase();
        this.forbiddenFields = Set.copyOf(properties.forbiddenFields());
    }

    /** The fields of {@code requested} that this service user may see and the tenant has, in request order. */
    List<String> readableFields(List<String> requested, EmployeeDirectory.Snapshot snapshot) {
        return requested.stream().distinct()
                .filter(snapshot::isKnownField)
                .filter(field -> !forbiddenFields.contains(field))
                .toList();
    }

    Map<String, Object> project(Employee employee, List<String> readableFields, HumanReadable mode,
                                EmployeeDirectory.Snapshot snapshot, Set<String> managerIds) {
        var values = new Values(employee, snapshot, managerIds);
        return switch (mode) {
            case NONE -> shape(readableFields, values, false, true);
            case REPLACE -> shape(readableFields, values, true, true);
            case APPEND -> {
                var machine = shape(readableFields, values, false, true);
                machine.put("humanReadable", shape(readableFields, values, true, false));
                yield machine;
            }
        };
    }

    private Map<String, Object> shape(List<String> fields, Values values, boolean human, boolean withSlashKeys) {
        var top = new LinkedHashMap<String, Object>();
        var slashKeys = new LinkedHashMap<String, Object>();
        var categories = new LinkedHashMap<String, Object>();
        for (String field : fields) {
            Object value = human ? values.human(field) : values.machine(field);
            if (withSlashKeys && value != null) {
                slashKeys.put(Fields.slashKey(field), Map.of("value", value));
            }
            if (Fields.isRoot(field) && field.indexOf('.', 5) < 0) {
                top.put(field.substring("root.".length()), value);
            } else {
                putNested(categories, field.split("\\."), value);
            }
        }
        top.putAll(slashKeys);
        top.putAll(categories);
        return top;
    }

    @SuppressWarnings("unchecked")
    private static void putNested(Map<String, Object> into, String[] path, Object value) {
        Map<String, Object> level = into;
        for (int i = 0; i < path.length - 1; i++) {
            level = (Map<String, Object>) level.computeIfAbsent(path[i], key -> new LinkedHashMap<String, Object>());
        }
        level.put(path[path.length - 1], value);
    }

    /** Machine and display values of one employee's fields, computed fields included. */
    private final class Values {
        private final Employee employee;
        private final EmployeeDirectory.Snapshot snapshot;
        private final Set<String> managerIds;

        Values(Employee employee, EmployeeDirectory.Snapshot snapshot, Set<String> managerIds) {
            this.employee = employee;
            this.snapshot = snapshot;
            this.managerIds = managerIds;
        }

        Object machine(String field) {
            return switch (field) {
                case Fields.REPORTS_TO -> manager().map(EmployeeProjection::reportsTo).orElse(null);
                case Fields.IS_MANAGER -> managerIds.contains(employee.id());
                case Fields.DEPARTMENT -> listValue(employee.text(field), true);
                case Fields.TITLE -> listValue(employee.text(field), false);
                case Fields.LIFECYCLE_STATUS -> statusCase == StatusCase.LOWER && employee.lifecycleStatus() != null
                        ? employee.lifecycleStatus().toLowerCase(Locale.ROOT) : employee.lifecycleStatus();
                default -> employee.value(field);
            };
        }

        Object human(String field) {
            return switch (field) {
                case Fields.REPORTS_TO, Fields.MANAGER -> manager().map(m -> m.text(Fields.DISPLAY_NAME)).orElse(null);
                case Fields.IS_MANAGER -> managerIds.contains(employee.id()) ? "Yes" : "No";
                case Fields.START_DATE, Fields.TERMINATION_DATE -> displayDate(employee.text(field));
                case Fields.SITE_ID, Fields.COMPANY_ID, Fields.EMPLOYEE_NUMBER -> employee.text(field);
                default -> employee.value(field);
            };
        }

        private Optional<Employee> manager() {
            String managerId = employee.text(Fields.MANAGER);
            return managerId == null ? Optional.empty() : snapshot.byId(managerId);
        }

        private Object listValue(String name, boolean department) {
            if (name == null || listValueForm == ListValueForm.NAME) {
                return name;
            }
            var item = department ? lists.departmentNamed(name) : lists.titleNamed(name);
            return item.map(CompanyLists.ListItem::id).orElse(name);
        }
    }

    private static Map<String, Object> reportsTo(Employee manager) {
        var reportsTo = new LinkedHashMap<String, Object>();
        reportsTo.put("id", manager.id());
        reportsTo.put("email", manager.email());
        reportsTo.put("firstName", manager.text(Fields.FIRST_NAME));
        reportsTo.put("surname", manager.text(Fields.SURNAME));
        reportsTo.put("displayName", manager.text(Fields.DISPLAY_NAME));
        return reportsTo;
    }

    private static String displayDate(String isoDate) {
        return isoDate == null ? null : LocalDate.parse(isoDate).format(DISPLAY_DATE);
    }
}
