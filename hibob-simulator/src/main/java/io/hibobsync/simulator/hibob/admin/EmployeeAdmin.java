package io.hibobsync.simulator.hibob.admin;

import io.hibobsync.simulator.hibob.NewHire;
import io.hibobsync.simulator.hibob.SimulatedEmployee;
import io.hibobsync.simulator.hibob.company.CompanyLists;
import io.hibobsync.simulator.hibob.company.Employee;
import io.hibobsync.simulator.hibob.company.EmployeeDirectory;
import io.hibobsync.simulator.hibob.company.EmployeeIds;
import io.hibobsync.simulator.hibob.company.Fields;
import io.hibobsync.simulator.hibob.webhook.FieldUpdates;
import io.hibobsync.simulator.hibob.webhook.WebhookDispatcher;
import io.hibobsync.simulator.hibob.webhook.WebhookEvent;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * What an HR admin does in Bob — hire, update, terminate, rehire, start, delete — and the signed webhooks
 * each change makes Bob send. One change at a time, so webhooks leave in the order the changes happened.
 */
public final class EmployeeAdmin {

    static final String SYSTEM = "system";

    private final EmployeeDirectory directory;
    private final CompanyLists lists;
    private final FieldChanges fieldChanges;
    private final WebhookDispatcher webhooks;
    private final FieldUpdates fieldUpdates;
    private final EmployeeIds ids;
    private final long companyId;
    private final Clock clock;

    public EmployeeAdmin(EmployeeDirectory directory, CompanyLists lists, WebhookDispatcher webhooks,
                  FieldUpdates fieldUpdates, EmployeeIds ids, long companyId, Clock clock) {
        this.directory = directory;
        this.lists = lists;
        this.fieldChanges = new FieldChanges(directory, lists);
        this.webhooks = webhooks;
        this.fieldUpdates = fieldUpdates;
        this.ids = ids;
        this.companyId = companyId;
        this.clock = clock;
    }

    public List<SimulatedEmployee> list() {
        return directory.snapshot().inOrder().stream().map(EmployeeAdmin::simulated).toList();
    }

    public Optional<SimulatedEmployee> find(String idOrEmail) {
        return directory.byIdOrEmail(idOrEmail).map(EmployeeAdmin::simulated);
    }

    /** A future start date makes a Hired employee with access Inactive, until {@link #start}. */
    public synchronized AdminOutcome hire(NewHire hire) {
        if (hire.firstName() == null || hire.firstName().isBlank() || hire.surname() == null || hire.surname().isBlank()) {
            throw new IllegalArgumentException("A new hire needs a firstName and a surname");
        }
        String id = ids.next(directory.ids());
        LocalDate start = hire.startDate() == null ? today() : hire.startDate();
        boolean startsLater = start.isAfter(today());

        var requested = new LinkedHashMap<String, Object>();
        requested.put(Fields.FIRST_NAME, hire.firstName());
        requested.put(Fields.SURNAME, hire.surname());
        requested.put(Fields.EMAIL, hire.email() == null || hire.email().isBlank()
                ? generatedEmail(hire.firstName(), hire.surname()) : hire.email());
        requested.put(Fields.DEPARTMENT, hire.department());
        requested.put(Fields.TITLE, hire.title());
        requested.put(Fields.SITE, hire.site() == null ? lists.sites().get(0).name() : hire.site());
        requested.put(Fields.MANAGER, hire.managerId());
        requested.put(Fields.START_DATE, start.toString());
        requested.putAll(hire.fields());

        var values = new LinkedHashMap<String, Object>();
        values.put(Fields.ID, id);
        values.put(Fields.COMPANY_ID, companyId);
        values.put(Fields.EMPLOYEE_NUMBER, nextEmployeeNumber());
        values.put(Fields.STATUS, startsLater ? Fields.INACTIVE : Fields.ACTIVE);
        values.put(Fields.LIFECYCLE_STATUS, startsLater ? Fields.HIRED : Fields.EMPLOYED);
        values.putAll(fieldChanges.normalise(id, Map.of(), requested));
        var employee = new Employee(values);
        directory.put(employee);

        var sent = notify(List.of(event("employee.created", id, actor(hire.triggeredBy()), Map.of())));
        return new AdminOutcome(simulated(employee), List.copyOf(employee.values().keySet()), sent);
    }

    /** Sends {@code employee.updated} naming the fields that really changed; nothing when none did. */
    public synchronized AdminOutcome update(String id, Map<String, Object> fields, String triggeredBy) {
        var before = existing(id);
        if (fields == null || fields.isEmpty()) {
            throw new IllegalArgumentException("Nothing to update: give field ids and values");
        }
        var after = before.with(fieldChanges.normalise(id, before.values(), fields));
        var changed = changedFields(before, after);
        if (changed.isEmpty()) {
            return new AdminOutcome(simulated(before), List.of(), List.of());
        }
        directory.put(after);
        var sent = notify(List.of(event("employee.updated", id, actor(triggeredBy),
                Map.of("fieldUpdates", fieldUpdates.of(changed)))));
        return new AdminOutcome(simulated(after), changed, sent);
    }

    /** Terminated and access Inactive now; {@code employee.left}, then {@code employee.inactivated} if access was on. */
    public synchronized AdminOutcome terminate(String id, LocalDate terminationDate, String triggeredBy) {
        var before = existing(id);
        if (Fields.TERMINATED.equalsIgnoreCase(before.lifecycleStatus())) {
            throw new IllegalStateException("Employee " + id + " is already terminated");
        }
        var after = before.with(Map.of(
                Fields.STATUS, Fields.INACTIVE,
                Fields.LIFECYCLE_STATUS, Fields.TERMINATED,
                Fields.TERMINATION_DATE, (terminationDate == null ? today() : terminationDate).toString()));
        directory.put(after);
        String actor = actor(triggeredBy);
        var events = new ArrayList<WebhookEvent>();
        events.add(event("employee.left", id, actor, Map.of()));
        if (before.isActive()) {
            events.add(event("employee.inactivated", id, actor, Map.of()));
        }
        return new AdminOutcome(simulated(after), changedFields(before, after), notify(events));
    }

    /**
     * Brings a leaver back under the same id. Starting now: Employed, access Active, {@code employee.updated}
     * then {@code employee.activated}. Starting later: Hired, access Inactive, {@code employee.updated} only.
     */
    public synchronized AdminOutcome rehire(String id, LocalDate startDate, String triggeredBy) {
        var before = existing(id);
        if (!Fields.TERMINATED.equalsIgnoreCase(before.lifecycleStatus())) {
            throw new IllegalStateException("Employee " + id + " is " + before.lifecycleStatus() + ", not Terminated");
        }
        LocalDate start = startDate == null ? today() : startDate;
        boolean startsLater = start.isAfter(today());
        var changes = new LinkedHashMap<String, Object>();
        changes.put(Fields.START_DATE, start.toString());
        changes.put(Fields.TERMINATION_DATE, null);
        changes.put(Fields.STATUS, startsLater ? Fields.INACTIVE : Fields.ACTIVE);
        changes.put(Fields.LIFECYCLE_STATUS, startsLater ? Fields.HIRED : Fields.EMPLOYED);
        var after = before.with(changes);
        directory.put(after);
        var changed = changedFields(before, after);
        String actor = actor(triggeredBy);
        var events = new ArrayList<WebhookEvent>();
        events.add(event("employee.updated", id, actor, Map.of("fieldUpdates", fieldUpdates.of(changed))));
        if (!startsLater) {
            events.add(event("employee.activated", id, actor, Map.of()));
        }
        return new AdminOutcome(simulated(after), changed, notify(events));
    }

    /**
     * The start date arrives for a Hired employee: Employed, access Active, {@code employee.joined} from
     * {@code system} (HiBob fires it at midnight in the site's time zone; here, when asked).
     */
    public synchronized AdminOutcome start(String id) {
        var before = existing(id);
        if (!Fields.HIRED.equalsIgnoreCase(before.lifecycleStatus())) {
            throw new IllegalStateException("Employee " + id + " is " + before.lifecycleStatus() + ", not Hired");
        }
        var changes = new LinkedHashMap<String, Object>();
        changes.put(Fields.STATUS, Fields.ACTIVE);
        changes.put(Fields.LIFECYCLE_STATUS, Fields.EMPLOYED);
        String startDate = before.text(Fields.START_DATE);
        if (startDate == null || LocalDate.parse(startDate).isAfter(today())) {
            changes.put(Fields.START_DATE, today().toString());
        }
        var after = before.with(changes);
        directory.put(after);
        var sent = notify(List.of(event("employee.joined", id, SYSTEM, Map.of())));
        return new AdminOutcome(simulated(after), changedFields(before, after), sent);
    }

    /**
     * Removes the record; {@code employee.deleted} carries the email because the employee can no longer be
     * read. Reports of a deleted manager are left without a manager, without webhooks of their own.
     */
    public synchronized AdminOutcome delete(String id, String triggeredBy) {
        var before = existing(id);
        String actor = actor(triggeredBy);
        directory.remove(id);
        directory.snapshot().inOrder().stream()
                .filter(report -> id.equals(report.text(Fields.MANAGER)))
                .forEach(report -> directory.put(report.with(Collections.singletonMap(Fields.MANAGER, null))));
        var data = new LinkedHashMap<String, Object>();
        data.put("email", before.email());
        var sent = notify(List.of(event("employee.deleted", id, actor, data)));
        return new AdminOutcome(simulated(before), List.of(), sent);
    }

    private Employee existing(String id) {
        return directory.byId(id).orElseThrow(() -> new NoSuchElementException("No employee " + id));
    }

    private List<String> notify(List<WebhookEvent> events) {
        events.forEach(webhooks::send);
        return events.stream().map(WebhookEvent::type).toList();
    }

    private WebhookEvent event(String type, String employeeId, String triggeredBy, Map<String, Object> extra) {
        var data = new LinkedHashMap<String, Object>();
        data.put("employeeId", employeeId);
        data.putAll(extra);
        return new WebhookEvent(type, employeeId, triggeredBy, LocalDateTime.now(clock), data);
    }

    /** Bob names the person who made a change; by default the tenant's first employee, its CEO. */
    private String actor(String triggeredBy) {
        if (triggeredBy != null && !triggeredBy.isBlank()) {
            return triggeredBy;
        }
        var everyone = directory.snapshot().inOrder();
        return everyone.isEmpty() ? SYSTEM : everyone.get(0).id();
    }

    /** Every standard field (empty ones as {@code null}), then any custom ones: what tests and the admin API see. */
    private static SimulatedEmployee simulated(Employee employee) {
        var fields = new LinkedHashMap<String, Object>();
        Fields.STANDARD.stream()
                .filter(field -> !Fields.COMPUTED.contains(field))
                .forEach(field -> fields.put(field, employee.value(field)));
        employee.values().forEach(fields::putIfAbsent);
        return new SimulatedEmployee(employee.id(), fields);
    }

    private static List<String> changedFields(Employee before, Employee after) {
        var fields = new ArrayList<String>();
        Fields.STANDARD.forEach(field -> addIfChanged(fields, field, before, after));
        after.values().keySet().stream().filter(field -> !Fields.STANDARD.contains(field))
                .forEach(field -> addIfChanged(fields, field, before, after));
        before.values().keySet().stream().filter(field -> !Fields.STANDARD.contains(field) && !fields.contains(field))
                .forEach(field -> addIfChanged(fields, field, before, after));
        if (fields.contains(Fields.MANAGER)) {
            fields.add(fields.indexOf(Fields.MANAGER) + 1, Fields.REPORTS_TO);
        }
        return fields;
    }

    private static void addIfChanged(List<String> fields, String field, Employee before, Employee after) {
        if (!Objects.equals(before.value(field), after.value(field)) && !fields.contains(field)) {
            fields.add(field);
        }
    }

    private long nextEmployeeNumber() {
        return directory.snapshot().inOrder().stream()
                .map(employee -> employee.value(Fields.EMPLOYEE_NUMBER))
                .filter(Number.class::isInstance)
                .mapToLong(number -> ((Number) number).longValue())
                .max().orElse(0) + 1;
    }

    private String generatedEmail(String firstName, String surname) {
        String base = (firstName + "." + surname).toLowerCase(Locale.ROOT).replaceAll("[^a-z.]", "");
        String email = base + "@example.com";
        for (int n = 2; directory.emailTaken(email, null); n++) {
            email = base + n + "@example.com";
        }
        return email;
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }
}
