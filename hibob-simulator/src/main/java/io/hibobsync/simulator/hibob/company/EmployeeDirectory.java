package io.hibobsync.simulator.hibob.company;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Iterator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tenant's employees, in memory, in hiring order. Thread-safe; readers work on snapshots.
 *
 * <p>With a read lag ({@code HIBOB_SIM_READ_LAG}), the public API reads {@link #apiSnapshot()}: for that long
 * after a change (hire, update, terminate, rehire, start, delete) an employee is seen as before it — a new hire
 * not at all, a deleted employee still there. The admin API and tests see {@link #snapshot()}, the truth.
 */
public final class EmployeeDirectory {

    private final Map<String, Employee> byId = new LinkedHashMap<>();
    private final Map<String, String> idByEmail = new HashMap<>();
    private final Set<String> customFields = new LinkedHashSet<>();
    private final Clock clock;
    private final Duration readLag;
    /** Changes the API cannot see yet, oldest first, each with the employee as it was before it (null: not there). */
    private final Deque<Change> unseenChanges = new ArrayDeque<>();

    private record Change(Instant at, String id, Employee before) {
    }

    /** No read lag: the API sees every change at once. */
    EmployeeDirectory() {
        this(Clock.systemUTC(), Duration.ZERO);
    }

    public EmployeeDirectory(Clock clock, Duration readLag) {
        if (readLag.isNegative()) {
            throw new IllegalArgumentException("The read lag must not be negative: " + readLag);
        }
        this.clock = clock;
        this.readLag = readLag;
    }

    /** Everything as it is now; later changes do not show in it. */
    public synchronized Snapshot snapshot() {
        return new Snapshot(Map.copyOf(byId), List.copyOf(byId.values()), Set.copyOf(customFields));
    }

    /**
     * What the public API reads: {@link #snapshot()} without the changes made less than the read lag ago.
     * Employees restored that way (deleted within the lag) come after the others.
     */
    public synchronized Snapshot apiSnapshot() {
        forgetSeenChanges();
        if (unseenChanges.isEmpty()) {
            return snapshot();
        }
        var view = new LinkedHashMap<>(byId);
        for (Iterator<Change> newestFirst = unseenChanges.descendingIterator(); newestFirst.hasNext(); ) {
            Change change = newestFirst.next();
            if (change.before() == null) {
                view.remove(change.id());
            } else {
                view.put(change.id(), change.before());
            }
        }
        return new Snapshot(Map.copyOf(view), List.copyOf(view.values()), Set.copyOf(customFields));
    }

    Duration readLag() {
        return readLag;
    }

    public synchronized Optional<Employee> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public synchronized Optional<Employee> byIdOrEmail(String idOrEmail) {
        var employee = byId.get(idOrEmail);
        if (employee != null) {
            return Optional.of(employee);
        }
        return Optional.ofNullable(idByEmail.get(normalise(idOrEmail))).map(byId::get);
    }

    public synchronized boolean emailTaken(String email, String exceptId) {
        String owner = idByEmail.get(normalise(email));
        return owner != null && !owner.equals(exceptId);
    }

    public synchronized Set<String> ids() {
        return new HashSet<>(byId.keySet());
    }

    /** Adds or replaces the employee with this id; the API sees it after the read lag. */
    public synchronized void put(Employee employee) {
        recordChange(employee.id());
        store(employee);
    }

    private void store(Employee employee) {
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

    /** Removes the employee; the API still reads it for the read lag. */
    public synchronized Optional<Employee> remove(String id) {
        if (byId.containsKey(id)) {
            recordChange(id);
        }
        var removed = byId.remove(id);
        if (removed != null && removed.email() != null) {
            idByEmail.remove(normalise(removed.email()));
        }
        return Optional.ofNullable(removed);
    }

    /** A new company (seeding, reset), visible to the API at once. */
    public synchronized void replaceAll(Collection<Employee> employees) {
        byId.clear();
        idByEmail.clear();
        customFields.clear();
        unseenChanges.clear();
        employees.forEach(this::store);
    }

    private void recordChange(String id) {
        if (readLag.isZero()) {
            return;
        }
        forgetSeenChanges();
        unseenChanges.addLast(new Change(clock.instant(), id, byId.get(id)));
    }

    /** A change is visible once the read lag has passed since it was made. */
    private void forgetSeenChanges() {
        if (unseenChanges.isEmpty()) {
            return;
        }
        Instant visibleUpTo = clock.instant().minus(readLag);
        while (!unseenChanges.isEmpty() && !unseenChanges.peekFirst().at().isAfter(visibleUpTo)) {
            unseenChanges.removeFirst();
        }
    }

    private static String normalise(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    /** A consistent view for one read: the employees by id and in order, and the custom fields known. */
    public record Snapshot(Map<String, Employee> byId, List<Employee> inOrder, Set<String> customFields) {

        public Optional<Employee> byId(String id) {
            return Optional.ofNullable(byId.get(id));
        }

        /** By id, else by email (case-insensitive). */
        public Optional<Employee> byIdOrEmail(String idOrEmail) {
            var employee = byId.get(idOrEmail);
            if (employee != null) {
                return Optional.of(employee);
            }
            String email = normalise(idOrEmail);
            return inOrder.stream()
                    .filter(candidate -> candidate.email() != null && normalise(candidate.email()).equals(email))
                    .findFirst();
        }

        public boolean isKnownField(String field) {
            return Fields.STANDARD.contains(field) || customFields.contains(field);
        }

        public Set<String> managerIds() {
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
