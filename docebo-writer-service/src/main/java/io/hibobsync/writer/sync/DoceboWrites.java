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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a poll's changes with as few Docebo calls as it allows: creates and updates as batch import rows
 * ({@code DOCEBO_BATCH_SIZE} a call; the Direct Manager named by username in {@code manager_1} when the manager's
 * user exists already), deletions in one call. Each row's result is read on its own: a refused row is that
 * employee's alone, the others are remembered. Employees whose manager had no user yet (created in the same poll,
 * or later) get their Direct Manager in batch calls of their own ({@link #linkWaitingManagers}).
 */
public class DoceboWrites {

    private static final Logger log = LoggerFactory.getLogger(DoceboWrites.class);

    private final DoceboClient docebo;
    private final WriterMemory memory;
    private final AccountMatcher accounts;
    private final DoceboDirectory directory;
    private final int batchSize;
    private final Clock clock;
    /** Direct Manager links Docebo refused ({@code employee→manager}): not retried in bulk. */
    private final Set<String> refusedLinks = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Employees whose user this process wrote: the managers whose waiting reports it links. */
    private final Set<String> managersWritten = java.util.concurrent.ConcurrentHashMap.newKeySet();

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
        List<Change> rows = new ArrayList<>();
        for (Change change : upserts) {
            if (change.isEmpty()) {
                applied(change, change.current.userId(), results);
            } else {
                rows.add(change);
            }
        }
        for (List<Change> chunk : chunks(rows)) {
            markUnanswered(chunk);
            List<BatchRow> answers = docebo.importUsers(chunk.stream().map(change -> change.item).toList());
            for (int i = 0; i < chunk.size(); i++) {
                Change change = chunk.get(i);
                BatchRow row = answers.get(i);
                if (row.success()) {
                    String userId = applied(change, row.userId(), results);
                    managersWritten.add(change.employeeId());
                    directory.written(new DoceboUser(userId, change.username(), change.desired.email(),
                            change.desired.firstName(), change.desired.lastName(),
                            !Boolean.FALSE.equals(change.desired.active()), null, null, Map.of(), null));
                } else if (change.kind == Kind.UPDATE && !docebo.exists(change.current.userId())) {
                    log.warn("Docebo user {} of employee {} no longer exists (deleted in Docebo?); looking the "
                            + "employee up again", change.current.userId(), change.employeeId());
                    directory.removed(change.current.userId());
                    gone.add(change);
                } else {
                    memory.recall(change.employeeId()).filter(AppliedEmployee::writeUnconfirmed)
                            .ifPresent(state -> memory.remember(state.answered()));
                    results.refused(change.employee, new RowRejectedException("Docebo refused to "
                            + (change.kind == Kind.CREATE ? "create user " + change.username() : "update user "
                            + change.current.userId() + " (" + change.username() + ")") + " for employee "
                            + change.employeeId() + ": " + row.message() + hint(change, row)));
                }
            }
        }
        delete(deletions, results);
        return gone;
    }

    /**
     * Before a batch call: the users it changes that the writer remembers are marked as written to and not answered,
     * durably (the call waits for Kafka's acknowledgement). Remembering the answer clears the mark; a writer stopped
     * in between leaves it, and its successor then writes those users in full instead of trusting its memory (which
     * could answer "Docebo already matches" for a user Docebo holds otherwise, e.g. a rehire of a leaver whose
     * deactivation was written but not remembered).
     */
    private void markUnanswered(List<Change> chunk) {
        Instant now = clock.instant();
        boolean marked = false;
        for (Change change : chunk) {
            if (change.kind == Kind.UPDATE && change.current.remembered()) {
                Optional<AppliedEmployee> state = memory.recall(change.employeeId())
                        .filter(AppliedEmployee::hasUser).filter(known -> !known.writeUnconfirmed());
                state.ifPresent(known -> memory.remember(known.writing(now)));
                marked |= state.isPresent();
            }
        }
        if (marked) {
            memory.flush();
        }
    }

    /**
     * Names each employee's Direct Manager by username where the manager's user exists already: linked in memory,
     * or found in Docebo. A manager created in this poll has no user before the poll's rows are written: their
     * reports wait, and {@link #linkWaitingManagers} links them afterwards, many to a call.
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
            if (managerChange != null && managerChange.kind == Kind.CREATE) {
                continue;
            }
            String username = managerChange != null ? managerChange.username()
                    : accounts.managerUsername(manager, change.desired.managerUsername());
            if (username != null) {
                change.item.put("manager_1", username);
                change.done.add("manager");
                change.managerLinked = true;
            }
        }
    }

    /**
     * Gives employees already in Docebo the Direct Manager they wait for, now that this process wrote the manager's
     * user too (after a restart, the next change or full sync of either links them), as
     * batch rows {@code user_id, manager_1}. While a backlog is worked through ({@code backlogDrained} false) only
     * full calls of {@code DOCEBO_BATCH_SIZE} rows are made, so a full sync's links cost a call per batch, not per
     * poll; the rest follow with the first poll that does not fill up. A link Docebo refused is not tried again by
     * this process until the employee's manager changes (each change of the employee tries it anyway).
     */
    void linkWaitingManagers(boolean backlogDrained) {
        if (managersWritten.isEmpty()) {
            return;
        }
        List<AppliedEmployee> waiting = memory.waitingForAny(managersWritten).stream()
                .filter(state -> !refusedLinks.contains(linkKey(state)))
                .filter(state -> memory.recall(state.applied().managerEmployeeId()).filter(AppliedEmployee::hasUser)
                        .isPresent())
                .toList();
        int linkable = backlogDrained ? waiting.size() : waiting.size() / batchSize * batchSize;
        if (linkable == 0) {
            return;
        }
        for (List<AppliedEmployee> chunk : chunks(waiting.subList(0, linkable))) {
            List<Map<String, Object>> items = chunk.stream().<Map<String, Object>>map(state -> Map.of(
                    "user_id", state.doceboUserId(),
                    "manager_1", memory.recall(state.applied().managerEmployeeId()).orElseThrow().applied().username()))
                    .toList();
            List<BatchRow> rows = docebo.importUsers(items);
            for (int i = 0; i < chunk.size(); i++) {
                AppliedEmployee state = chunk.get(i);
                if (rows.get(i).success()) {
                    memory.remember(new AppliedEmployee(state.employeeId(), state.doceboUserId(), state.readAt(),
                            state.applied(), true, state.deletedAt(), state.writeUnconfirmedSince()));
                } else {
                    refusedLinks.add(linkKey(state));
                    log.warn("Docebo refused to make {} the Direct Manager of employee {}: {}; tried again when "
                            + "either changes", state.applied().managerEmployeeId(), state.employeeId(),
                            rows.get(i).message());
                }
            }
        }
        log.info("Linked {} employee(s) to Direct Managers who are in Docebo now", linkable);
    }

    private static String linkKey(AppliedEmployee state) {
        return state.employeeId() + "→" + state.applied().managerEmployeeId();
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

    private void remember(Change change, String userId, DesiredUser applied) {
        memory.remember(new AppliedEmployee(change.employeeId(), userId, change.employee.readAt(), applied,
                change.desired.managerEmployeeId() != null && change.managerLinked, deletedAt(change)));
    }

    private void forgetUser(Change change) {
        memory.remember(new AppliedEmployee(change.employeeId(), null, change.employee.readAt(), null, false,
                deletedAt(change)));
    }

    private Instant deletedAt(Change change) {
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
