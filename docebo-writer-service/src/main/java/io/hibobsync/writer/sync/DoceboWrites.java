package io.hibobsync.writer.sync;

import io.hibobsync.contracts.SyncOutcome.Action;
import io.hibobsync.writer.docebo.BatchRow;
import io.hibobsync.writer.docebo.DoceboClient;
import io.hibobsync.writer.docebo.DoceboUnavailableException;
import io.hibobsync.writer.docebo.DoceboUser;
import io.hibobsync.writer.mapping.DesiredUser;
import io.hibobsync.writer.sync.Change.Kind;
import io.hibobsync.writer.sync.UserSync.Results;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a poll's changes with as few Docebo calls as it allows: creates and updates as batch import rows
 * ({@code DOCEBO_BATCH_SIZE} a call; a manager created in the same poll goes in an earlier call than their
 * reports, who name them by username in {@code manager_1}), deletions in one call. Each row's result is read on
 * its own: a refused row is that employee's alone, the others are remembered. Employees already synced who waited
 * for a manager created here get their Direct Manager in one more call.
 */
public class DoceboWrites {

    private static final Logger log = LoggerFactory.getLogger(DoceboWrites.class);

    private final DoceboClient docebo;
    private final WriterMemory memory;
    private final AccountMatcher accounts;
    private final DoceboDirectory directory;
    private final int batchSize;
    private final Clock clock;

    public DoceboWrites(DoceboClient docebo, WriterMemory memory, AccountMatcher accounts, DoceboDirectory directory,
            int batchSize, Clock clock) {
        this.docebo = docebo;
        this.memory = memory;
        this.accounts = accounts;
        this.directory = directory;
        this.batchSize = batchSize;
        this.clock = clock;
    }

    /**
     * Writes the changes and gives each result. Returns the updates whose Docebo user no longer exists (someone
     * deleted it in Docebo since the writer linked it): the caller decides them afresh.
     */
    List<Change> write(List<Change> changes, Results results) {
        List<Change> upserts = changes.stream().filter(change -> change.kind != Kind.DELETE).toList();
        List<Change> deletions = changes.stream().filter(change -> change.kind == Kind.DELETE).toList();
        linkManagers(upserts);
        List<Change> gone = new ArrayList<>();
        Set<String> refused = new HashSet<>();
        Map<String, String> managersLinked = new LinkedHashMap<>();
        Map<Integer, List<Change>> byLevel = new TreeMap<>();
        upserts.forEach(change -> byLevel.computeIfAbsent(change.level, level -> new ArrayList<>()).add(change));
        for (List<Change> level : byLevel.values()) {
            List<Change> rows = new ArrayList<>();
            for (Change change : level) {
                if (change.desired.managerEmployeeId() != null && refused.contains(change.desired.managerEmployeeId())) {
                    // The manager's own row was refused: the link waits rather than failing this row too.
                    change.item.remove("manager_1");
                    change.done.remove("manager");
                    change.managerLinked = false;
                }
                if (change.isEmpty()) {
                    applied(change, change.current.userId(), results);
                } else {
                    rows.add(change);
                }
            }
            for (List<Change> chunk : chunks(rows)) {
                List<BatchRow> answers = docebo.importUsers(chunk.stream().map(change -> change.item).toList());
                for (int i = 0; i < chunk.size(); i++) {
                    Change change = chunk.get(i);
                    BatchRow row = answers.get(i);
                    if (row.success()) {
                        String userId = applied(change, row.userId(), results);
                        managersLinked.put(change.employeeId(), change.username());
                        directory.written(new DoceboUser(userId, change.username(), change.desired.email(),
                                change.desired.firstName(), change.desired.lastName(),
                                !Boolean.FALSE.equals(change.desired.active()), null, null, Map.of(), null));
                    } else if (change.kind == Kind.UPDATE && !docebo.exists(change.current.userId())) {
                        log.warn("Docebo user {} of employee {} no longer exists (deleted in Docebo?); looking the "
                                + "employee up again", change.current.userId(), change.employeeId());
                        gone.add(change);
                    } else {
                        refused.add(change.employeeId());
                        results.refused(change.employee, new RowRejectedException("Docebo refused to "
                                + (change.kind == Kind.CREATE ? "create user " + change.username() : "update user "
                                + change.current.userId() + " (" + change.username() + ")") + " for employee "
                                + change.employeeId() + ": " + row.message() + hint(change, row)));
                    }
                }
            }
        }
        delete(deletions, results);
        linkSubordinatesWaitingFor(managersLinked, changes);
        return gone;
    }

    /**
     * Names each employee's Direct Manager by username where it is known: linked in memory, found in Docebo, or
     * written in this poll (then the report's row goes in a later call than the manager's).
     */
    private void linkManagers(List<Change> upserts) {
        Map<String, Change> byEmployee = new HashMap<>();
        upserts.forEach(change -> byEmployee.put(change.employeeId(), change));
        for (Change change : upserts) {
            String manager = change.desired.managerEmployeeId();
            if (manager == null || change.managerLinked) {
                continue;
            }
            Change managerChange = byEmployee.get(manager);
            String username = managerChange != null ? managerChange.username()
                    : accounts.managerUsername(manager, change.desired.managerUsername());
            if (username != null) {
                change.item.put("manager_1", username);
                change.done.add("manager");
                change.managerLinked = true;
            }
        }
        for (Change change : upserts) {
            change.level = level(change, byEmployee, new HashSet<>());
        }
    }

    private static int level(Change change, Map<String, Change> byEmployee, Set<String> seen) {
        Change manager = change.item.containsKey("manager_1") ? byEmployee.get(change.desired.managerEmployeeId()) : null;
        if (manager == null || manager.kind != Kind.CREATE || !seen.add(change.employeeId())) {
            return 0;
        }
        return level(manager, byEmployee, seen) + 1;
    }

    private static String hint(Change change, BatchRow row) {
        Object branch = change.item.get("branch_code");
        return branch != null && row.message().toLowerCase(java.util.Locale.ROOT).contains("branch")
                ? ". The branch '" + branch + "' comes from DOCEBO_DEPARTMENT_BRANCHES: create it in Docebo (or fix "
                        + "the mapping), then replay this record"
                : "";
    }

    /** Remembers a written row and gives its outcome; answers the user's id. */
    private String applied(Change change, String rowUserId, Results results) {
        String userId = change.kind == Kind.CREATE
                ? (rowUserId != null ? rowUserId : createdUserId(change.username()))
                : change.current.userId();
        DesiredUser was = change.current == null ? null : change.current.user();
        remember(change, userId, was == null ? change.desired : merged(change.desired, was));
        String waiting = change.desired.managerEmployeeId() != null && !change.managerLinked
                ? "; Direct Manager link waits until manager " + change.desired.managerEmployeeId() + " is in Docebo"
                : "";
        String detail;
        Action action = change.action;
        if (change.kind == Kind.CREATE) {
            detail = "created " + change.username() + (Boolean.FALSE.equals(change.item.get("active")) ? " (inactive)" : "");
        } else if (change.isEmpty()) {
            action = Action.UNCHANGED;
            detail = "Docebo already matches HiBob";
        } else {
            detail = "changed " + String.join(", ", change.done);
        }
        if (change.current != null && !change.current.remembered()) {
            detail = "adopted the existing user " + change.username() + "; " + detail;
        }
        results.applied(change.employee, change.outcome(action, userId, detail + waiting, clock.instant()));
        return userId;
    }

    private void delete(List<Change> deletions, Results results) {
        List<Change> withUser = deletions.stream().filter(change -> change.current != null).toList();
        for (List<Change> chunk : chunks(withUser)) {
            docebo.deleteUsers(chunk.stream().map(change -> change.current.userId()).toList());
            for (Change change : chunk) {
                directory.removed(change.current.userId());
                forgetUser(change);
                results.applied(change.employee, change.outcome(Action.DELETED, change.current.userId(),
                        "deleted in HiBob; Docebo user deleted", clock.instant()));
            }
        }
        for (Change change : deletions) {
            if (change.current == null) {
                forgetUser(change);
                results.applied(change.employee, change.outcome(Action.UNCHANGED, null, "deleted in HiBob; Docebo has "
                        + "no user for " + (change.employee.email() == null ? "employee " + change.employeeId()
                        : change.employee.email()), clock.instant()));
            }
        }
    }

    /** One more call: employees synced before, whose manager has a Docebo user only now. */
    private void linkSubordinatesWaitingFor(Map<String, String> managers, List<Change> written) {
        if (managers.isEmpty()) {
            return;
        }
        Set<String> inThisPoll = new HashSet<>();
        written.forEach(change -> inThisPoll.add(change.employeeId()));
        List<AppliedEmployee> waiting = memory.waitingForAny(managers.keySet()).stream()
                .filter(state -> !inThisPoll.contains(state.employeeId()))
                .toList();
        for (List<AppliedEmployee> chunk : chunks(waiting)) {
            List<Map<String, Object>> items = chunk.stream().<Map<String, Object>>map(state -> Map.of(
                    "user_id", state.doceboUserId(),
                    "manager_1", managers.get(state.applied().managerEmployeeId()))).toList();
            List<BatchRow> rows = docebo.importUsers(items);
            for (int i = 0; i < chunk.size(); i++) {
                AppliedEmployee state = chunk.get(i);
                if (rows.get(i).success()) {
                    memory.remember(new AppliedEmployee(state.employeeId(), state.doceboUserId(), state.readAt(),
                            state.applied(), true, state.deletedAt()));
                } else {
                    log.warn("Docebo refused to make {} the Direct Manager of employee {}: {}; tried again when "
                            + "either changes", state.applied().managerEmployeeId(), state.employeeId(),
                            rows.get(i).message());
                }
            }
        }
        if (!waiting.isEmpty()) {
            log.info("Linked {} employee(s) to Direct Managers who are in Docebo now", waiting.size());
        }
    }

    private void remember(Change change, String userId, DesiredUser applied) {
        memory.remember(new AppliedEmployee(change.employeeId(), userId, change.employee.readAt(), applied,
                change.desired.managerEmployeeId() != null && change.managerLinked, deletedAt(change)));
    }

    private void forgetUser(Change change) {
        memory.remember(new AppliedEmployee(change.employeeId(), null, change.employee.readAt(), null, false,
                deletedAt(change)));
    }

    private java.time.Instant deletedAt(Change change) {
        return change.employee.deleted() ? change.employee.readAt()
                : memory.recall(change.employeeId()).map(AppliedEmployee::deletedAt).orElse(null);
    }

    /** Whether Docebo gives the new id in the row's answer is a guess: else it is looked up. */
    private String createdUserId(String username) {
        return docebo.findUsers(username).stream().filter(user -> username.equalsIgnoreCase(user.username()))
                .map(DoceboUser::userId).findFirst()
                .orElseThrow(() -> new DoceboUnavailableException("Docebo created user " + username
                        + " but does not find it yet", null, null));
    }

    // What Docebo has now: what we wrote, and for values HiBob did not give, what Docebo had.
    private static DesiredUser merged(DesiredUser desired, DesiredUser was) {
        Map<Integer, String> fields = new LinkedHashMap<>(was.additionalFields());
        fields.putAll(desired.additionalFields());
        return new DesiredUser(was.username(), firstKnown(desired.email(), was.email()),
                firstKnown(desired.firstName(), was.firstName()), firstKnown(desired.lastName(), was.lastName()),
                firstKnown(desired.active(), was.active()), firstKnown(desired.language(), was.language()),
                firstKnown(desired.timezone(), was.timezone()), fields, firstKnown(desired.branchCode(), was.branchCode()),
                desired.managerEmployeeId(), desired.managerUsername());
    }

    private static <T> T firstKnown(T desired, T current) {
        return desired != null ? desired : current;
    }

    private <T> List<List<T>> chunks(List<T> items) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < items.size(); from += batchSize) {
            chunks.add(items.subList(from, Math.min(items.size(), from + batchSize)));
        }
        return chunks;
    }
}
