package io.hibobsync.writer.sync;

import io.hibobsync.contracts.EmployeeSnapshot;
import io.hibobsync.contracts.PlanEntry;
import io.hibobsync.contracts.RunEnd;
import io.hibobsync.contracts.SyncOutcome;
import io.hibobsync.contracts.SyncOutcome.Action;
import io.hibobsync.writer.docebo.DoceboUser;
import io.hibobsync.writer.mapping.DesiredUser;
import io.hibobsync.writer.mapping.EmployeeScope;
import io.hibobsync.writer.mapping.UserMapper;
import io.hibobsync.writer.mapping.UserMapper.UnmappableEmployeeException;
import io.hibobsync.writer.sync.Change.Baseline;
import io.hibobsync.writer.sync.Change.Kind;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What each HiBob employee snapshot does to Docebo — the behaviour table of docs/architecture.md in code. A poll
 * of snapshots is decided as a whole, then written by {@link DoceboWrites} with as few calls as Docebo allows:
 * <ul>
 * <li>the newest snapshot of each employee wins; a snapshot read before the one already applied (or before a
 * deletion) is stale and changes nothing;</li>
 * <li>deleted in HiBob (enrich-service confirmed it: HiBob no longer returns the employee): delete the linked
 * Docebo user (or deactivate it, by policy), or with no link the user the event's email finds that nobody else
 * owns; the deletion is remembered;</li>
 * <li>otherwise: create the user if the employee has none (inactive while HiBob access is Inactive), else change
 * only what differs; access Active/Inactive activates or deactivates the same account (a rehire keeps its
 * history). A user the writer has no link for is adopted only under the rules of {@link AccountMatcher};</li>
 * <li>the HiBob manager becomes the Docebo Direct Manager once both users exist, in either order;</li>
 * <li>the department's branch is assigned;</li>
 * <li>the sync's own API account is never deactivated or deleted ({@link ProtectedAccountException});</li>
 * <li>more deactivations and deletions within an hour than the {@link DeactivationBrake} allows are held until an
 * administrator approves them;</li>
 * <li>nothing changed, no call.</li>
 * </ul>
 */
public class UserSync {

    /** Where each snapshot's result goes, as soon as it is final. */
    public interface Results {
        void applied(EmployeeSnapshot employee, SyncOutcome outcome);

        /** No retry will help: the record goes to the dead-letter topic with this reason. */
        void refused(EmployeeSnapshot employee, RuntimeException reason);
    }

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(UserSync.class);
    private static final SecureRandom random = new SecureRandom();

    private final UserMapper mapper;
    private final WriterMemory memory;
    private final AccountMatcher accounts;
    private final DoceboDirectory directory;
    private final DoceboWrites writes;
    private final DeactivationBrake brake;
    private final EmployeeScope scope;
    private final Clock clock;

    public UserSync(UserMapper mapper, WriterMemory memory, AccountMatcher accounts, DoceboDirectory directory,
            DoceboWrites writes, DeactivationBrake brake, Clock clock) {
        this(mapper, memory, accounts, directory, writes, brake, EmployeeScope.everyone(), clock);
    }

    public UserSync(UserMapper mapper, WriterMemory memory, AccountMatcher accounts, DoceboDirectory directory,
            DoceboWrites writes, DeactivationBrake brake, EmployeeScope scope, Clock clock) {
        this.scope = scope;
        this.mapper = mapper;
        this.memory = memory;
        this.accounts = accounts;
        this.directory = directory;
        this.writes = writes;
        this.brake = brake;
        this.clock = clock;
    }

    /**
     * Applies one poll's snapshots. A failure that a retry may cure (Docebo unreachable, throttling, refused
     * credentials) is thrown; what was written before it is remembered and its results already given.
     */
    public void apply(List<EmployeeSnapshot> snapshots, Results results) {
        apply(snapshots, results, true);
    }

    /**
     * Applies the snapshots of held actions an administrator approved: the brake does not hold them again. The
     * caller releases them once this returns.
     */
    public void applyApproved(List<EmployeeSnapshot> snapshots, Results results) {
        apply(snapshots, results, false);
    }

    private void apply(List<EmployeeSnapshot> snapshots, Results results, boolean braked) {
        Map<String, EmployeeSnapshot> newest = new LinkedHashMap<>();
        for (EmployeeSnapshot snapshot : snapshots) {
            EmployeeSnapshot held = newest.get(snapshot.employeeId());
            if (held != null && readBefore(snapshot, held)) {
                results.applied(snapshot, supersededBy(snapshot, held));
            } else {
                if (held != null) {
                    results.applied(held, supersededBy(held, snapshot));
                }
                newest.put(snapshot.employeeId(), snapshot);
            }
        }
        prepareDirectory(newest.values());
        List<Change> changes = new ArrayList<>();
        PollClaims claims = new PollClaims();
        for (EmployeeSnapshot employee : newest.values()) {
            if (braked && brake.held(employee.employeeId()).isPresent()) {
                if (brake.isOlderThanHeld(employee.employeeId(), employee.readAt())) {
                    results.applied(employee, outcome(employee, Action.STALE, null, "read at " + employee.readAt()
                            + ", before the held action of this employee"));
                    continue;
                }
                brake.release(employee.employeeId(), "superseded by a newer snapshot (read at " + employee.readAt() + ")");
            }
            try {
                Optional<Change> change = decide(employee, results);
                if (change.isPresent()) {
                    claims.check(change.get());
                    changes.add(change.get());
                }
            } catch (RefusedChangeException | UnmappableEmployeeException refused) {
                results.refused(employee, refused);
            }
        }
        if (braked) {
            List<Change> destructive = changes.stream().filter(UserSync::isDestructive).toList();
            if (!destructive.isEmpty()) {
                List<Change> proceed = brake.admit(destructive, results);
                changes = new ArrayList<>(changes.stream().filter(change -> !isDestructive(change)).toList());
                changes.addAll(proceed);
            }
        }
        List<Change> gone = writes.write(changes, results);
        if (!gone.isEmpty()) {
            List<Change> again = new ArrayList<>();
            for (Change change : gone) {
                try {
                    again.add(afterUserGone(change));
                } catch (RefusedChangeException refused) {
                    results.refused(change.employee, refused);
                }
            }
            for (Change change : writes.write(again, results)) {
                results.refused(change.employee, new RowRejectedException("The Docebo user found for employee "
                        + change.employeeId() + " vanished again while the writer updated it"));
            }
        }
    }

    /**
     * Links employees to Direct Managers who have a Docebo user only now, many to a call: while a backlog is worked
     * through ({@code backlogDrained} false) in full calls only. Called after each poll.
     */
    public void linkWaitingManagers(boolean backlogDrained) {
        writes.linkWaitingManagers(backlogDrained);
    }

    /**
     * The Docebo users a poll's changes create or adopt, by username, email and user id: two employees of one poll
     * claiming the same one (a duplicate HiBob profile with the same work email) would otherwise both be written.
     * The first claim wins, as it would across polls; the later one is an identity conflict.
     */
    private static final class PollClaims {
        private final Map<String, String> claimedBy = new java.util.HashMap<>();

        void check(Change change) {
            if (change.kind == Change.Kind.DELETE) {
                return;
            }
            List<String> keys = new ArrayList<>();
            if (change.current != null) {
                keys.add("user " + change.current.userId());
            } else {
                keys.add("username " + change.desired.username().toLowerCase(Locale.ROOT));
                if (change.desired.email() != null) {
                    keys.add("email " + change.desired.email().toLowerCase(Locale.ROOT));
                }
            }
            for (String key : keys) {
                String other = claimedBy.get(key);
                if (other != null && !other.equals(change.employeeId())) {
                    throw new IdentityConflictException("Identity conflict for employee " + change.employeeId()
                            + ": employee " + other + " in the same batch claims the same Docebo user (" + key
                            + "); two HiBob profiles with one work email? Nothing was written to Docebo for "
                            + change.employeeId() + ".");
                }
            }
            keys.forEach(key -> claimedBy.put(key, change.employeeId()));
        }
    }

    /**
     * The Docebo user list is read once when many employees have no link (searching each would cost more), and for
     * a full sync always: it compares every linked user with Docebo as it is, not only as the writer left it.
     */
    private void prepareDirectory(java.util.Collection<EmployeeSnapshot> snapshots) {
        Optional<String> run = snapshots.stream().map(EmployeeSnapshot::runId).filter(Objects::nonNull).findFirst();
        if (run.isPresent()) {
            directory.prepareForFullSync(run.get());
        } else {
            directory.prepareFor((int) snapshots.stream()
                    .filter(employee -> memory.recall(employee.employeeId()).filter(AppliedEmployee::hasUser).isEmpty())
                    .count(), memory.ownedUsers() == 0);
        }
    }

    private static boolean isDestructive(Change change) {
        return change.current != null && (change.action == Action.DEACTIVATED || change.action == Action.DELETED);
    }

    /**
     * A full sync's dry run: what these snapshots would do, decided exactly as {@link #apply} decides, nothing
     * written and nothing remembered.
     */
    public List<PlanEntry> plan(List<EmployeeSnapshot> snapshots) {
        List<PlanEntry> entries = new ArrayList<>();
        List<Change> destructive = new ArrayList<>();
        Results stale = new Results() {
            @Override
            public void applied(EmployeeSnapshot employee, SyncOutcome outcome) {
                entries.add(entry(employee, isOutOfScope(outcome) ? "OUT_OF_SCOPE" : "UNCHANGED", outcome.doceboUserId(),
                        null, List.of(), outcome.detail()));
            }

            @Override
            public void refused(EmployeeSnapshot employee, RuntimeException reason) {
                entries.add(entry(employee, "CONFLICT", null, null, List.of(), reason.getMessage()));
            }
        };
        prepareDirectory(snapshots);
        PollClaims claims = new PollClaims();
        for (EmployeeSnapshot employee : snapshots) {
            try {
                decide(employee, stale).ifPresent(change -> {
                    claims.check(change);
                    if (isDestructive(change)) {
                        destructive.add(change);
                    } else {
                        entries.add(entry(change));
                    }
                });
            } catch (RefusedChangeException | UnmappableEmployeeException refused) {
                stale.refused(employee, refused);
            }
        }
        int allowance = brake.allowance();
        for (Change change : destructive) {
            entries.add(allowance-- > 0 ? entry(change) : entry(change.employee, "HELD", change.current.userId(),
                    change.username(), change.diff(), "would be held by the safety brake (more than "
                    + brake.threshold() + " deactivations or deletions within an hour)"));
        }
        return entries;
    }

    /**
     * The end of a full sync on one partition: every employee linked to an active Docebo user whom HiBob no longer
     * returns is deactivated (through the brake), or in a plan listed as such.
     */
    public List<PlanEntry> finishRun(RunEnd end, Results results) {
        java.util.Set<String> returned = new java.util.HashSet<>(end.employeeIds());
        List<Change> orphans = new ArrayList<>();
        List<PlanEntry> refusals = new ArrayList<>();
        for (AppliedEmployee state : memory.onPartition(end.partition(), end.partitions())) {
            boolean active = state.hasUser() && state.applied() != null && !Boolean.FALSE.equals(state.applied().active());
            boolean olderThanRun = state.readAt() == null || state.readAt().isBefore(end.readAt());
            if (active && olderThanRun && state.deletedAt() == null && !returned.contains(state.employeeId())) {
                Change orphan = orphan(state, end);
                try {
                    orphans.add(notLockingOut(orphan));
                } catch (ProtectedAccountException refused) {
                    // No record to dead-letter: the run's report says it (a reconciliation's mail: "needs you").
                    if (end.plan()) {
                        refusals.add(entry(orphan.employee, "CONFLICT", null, null, List.of(), refused.getMessage()));
                    } else {
                        results.refused(orphan.employee, refused);
                    }
                }
            }
        }
        // Each writer sees one partition's share of the run. Two signs of a run gone wrong: HiBob returned fewer
        // employees than the sync owns active users, by more than the threshold; or this partition's share, spread
        // evenly over all of them (ids hash evenly), would deactivate more than the threshold.
        int expected = orphans.size() * end.partitions();
        int missing = memory.activeUsers() - end.total();
        boolean holdAll = !orphans.isEmpty() && (missing > brake.threshold() || expected > brake.threshold());
        String reason = "HiBob returned " + end.total() + " employees to full sync " + end.runId() + ", and about "
                + expected + " of the " + memory.ownedUsers() + " users the sync owns are no longer among them: more "
                + "than " + brake.threshold() + ". Check the HiBob service user's permissions (a department it may "
                + "no longer see looks like leavers)";
        if (end.plan()) {
            List<PlanEntry> entries = new ArrayList<>(refusals);
            int allowance = holdAll ? 0 : brake.allowance();
            for (Change orphan : orphans) {
                entries.add(allowance-- > 0 ? entry(orphan) : entry(orphan.employee, "HELD", orphan.current.userId(),
                        orphan.username(), orphan.diff(), "would be held by the safety brake: " + reason));
            }
            return entries;
        }
        if (holdAll) {
            brake.holdAll(orphans, results, reason);
        } else if (!orphans.isEmpty()) {
            writes.write(brake.admit(orphans, results), results);
        }
        return List.of();
    }

    /** Never created or adopted; a linked active user is deactivated, as a leaver's would be. */
    private Optional<Change> outOfScope(EmployeeSnapshot employee, Optional<AppliedEmployee> known, Results results) {
        Optional<AppliedEmployee> linked = known.filter(AppliedEmployee::hasUser)
                .filter(state -> state.applied() != null && !Boolean.FALSE.equals(state.applied().active()));
        if (linked.isEmpty()) {
            results.applied(employee, outcome(employee, Action.UNCHANGED, known.map(AppliedEmployee::doceboUserId)
                    .orElse(null), "out of the sync's scope (SYNC_SCOPE: " + scope + "): not synced"));
            return Optional.empty();
        }
        AppliedEmployee state = linked.get();
        Change change = new Change(employee, Kind.UPDATE, withActive(state.applied(), false), Baseline.remembered(state),
                Action.DEACTIVATED);
        change.item.put("user_id", state.doceboUserId());
        change.item.put("active", false);
        change.done.add("deactivated: the employee left the sync's scope (SYNC_SCOPE: " + scope + ")");
        change.managerLinked = state.managerLinked();
        return Optional.of(change);
    }

    private Change orphan(AppliedEmployee state, RunEnd end) {
        EmployeeSnapshot employee = new EmployeeSnapshot(state.employeeId(), "sync.full", end.runId(), null,
                end.readAt(), false, state.applied().email(), null, null, null, null, null, null, null, false, null,
                null, null, Map.of()).inRun(end.runId(), end.plan());
        Change change = new Change(employee, Kind.UPDATE, withActive(state.applied(), false), Baseline.remembered(state),
                Action.DEACTIVATED);
        change.item.put("user_id", state.doceboUserId());
        change.item.put("active", false);
        change.done.add("deactivated: HiBob no longer returns this employee (full sync " + end.runId() + ")");
        change.managerLinked = state.managerLinked();
        return change;
    }

    /** Docebo users the sync does not own: listed by a plan, never changed. */
    public List<PlanEntry> inDoceboOnly(RunEnd end) {
        return directory.unowned(memory).stream()
                .filter(user -> !accounts.isApiAccount(user.username(), user.email()))
                .map(user -> new PlanEntry(end.runId(), end.plan(), null, "IN_DOCEBO_ONLY", user.userId(),
                        user.username(), List.of(), "no HiBob employee owns this user; the sync leaves it alone"))
                .toList();
    }

    /** The outcome of a snapshot whose employee the sync does not manage. */
    public static boolean isOutOfScope(SyncOutcome outcome) {
        return outcome.action() == Action.UNCHANGED && outcome.detail() != null
                && outcome.detail().startsWith("out of the sync's scope");
    }

    private static PlanEntry entry(Change change) {
        return entry(change.employee, change.planAction(), change.current == null ? null : change.current.userId(),
                change.username(), change.diff(), String.join(", ", change.done));
    }

    private static PlanEntry entry(EmployeeSnapshot employee, String action, String userId, String username,
            List<String> changes, String detail) {
        return new PlanEntry(employee.runId(), employee.plan(), employee.employeeId(), action, userId, username, changes,
                detail);
    }

    /** Someone deleted the linked user in Docebo: find or create it afresh, by the same rules. */
    private Change afterUserGone(Change gone) {
        if (gone.employee.deleted()) {
            return new Change(gone.employee, Kind.DELETE, null, null, Action.UNCHANGED);
        }
        Optional<Baseline> found = accounts.adoptable(gone.employeeId(), gone.desired.username(), gone.desired.email())
                .map(Baseline::of);
        return found.isEmpty() ? create(gone.employee, gone.desired) : update(gone.employee, gone.desired, found.get());
    }

    /** Convenience for one snapshot. */
    public void apply(EmployeeSnapshot snapshot, Results results) {
        apply(List.of(snapshot), results);
    }

    /** The change a snapshot asks for, or empty when its result is already given (stale). */
    private Optional<Change> decide(EmployeeSnapshot employee, Results results) {
        Optional<AppliedEmployee> known = memory.recall(employee.employeeId());
        if (known.isPresent() && known.get().isNewerThan(employee.readAt())) {
            AppliedEmployee state = known.get();
            boolean beforeDeletion = state.deletedAt() != null && employee.readAt().isBefore(state.deletedAt());
            results.applied(employee, outcome(employee, Action.STALE, state.doceboUserId(), "read at "
                    + employee.readAt() + ", before " + (beforeDeletion ? "HiBob confirmed the employee deleted (at "
                    + state.deletedAt() + ")" : "the snapshot already applied (read at " + state.readAt() + ")")));
            return Optional.empty();
        }
        return change(employee, known, results).map(this::notLockingOut);
    }

    /** What the snapshot asks of Docebo, before the check that it does not lock the sync out. */
    private Optional<Change> change(EmployeeSnapshot employee, Optional<AppliedEmployee> known, Results results) {
        if (employee.deleted()) {
            return Optional.of(deletion(employee, known));
        }
        if (!scope.includes(employee)) {
            return outOfScope(employee, known, results);
        }
        DesiredUser desired = mapper.desiredUser(employee);
        Optional<Baseline> current = known.filter(AppliedEmployee::hasUser).flatMap(state -> linked(employee, state))
                .or(() -> accounts.adoptable(employee.employeeId(), desired.username(), desired.email())
                        .map(Baseline::of));
        return Optional.of(current.isEmpty() ? create(employee, desired) : update(employee, desired, current.get()));
    }

    /**
     * The one check between every change and Docebo that would deactivate or delete the account the sync signs in
     * with ({@code DOCEBO_USERNAME}), whatever asks for it: a leaver, a deletion, an employee leaving the scope, a
     * full sync's orphan. That would lock the sync out, so it is refused and the administrator told.
     */
    private Change notLockingOut(Change change) {
        boolean locksOut = change.current != null
                && (change.kind == Kind.DELETE || Boolean.FALSE.equals(change.item.get("active")));
        DesiredUser user = locksOut ? change.current.user() : null;
        if (locksOut && accounts.isApiAccount(user.username(), user.email())) {
            String why = change.employee.deleted() ? "deleted in HiBob" : change.done.stream()
                    .filter(done -> done.startsWith("deactivated: ")).findFirst()
                    .map(done -> done.substring("deactivated: ".length())).orElse("inactive in HiBob");
            String doing = change.kind == Kind.DELETE ? "deleting" : "deactivating";
            throw new ProtectedAccountException("Employee " + change.employeeId() + " (" + why + ") is linked to "
                    + "Docebo user " + change.current.userId() + " (" + user.username() + "), the account the sync "
                    + "signs in with (DOCEBO_USERNAME); " + doing + " it would lock the sync out. Nothing was written "
                    + "to Docebo.");
        }
        return change;
    }

    /**
     * Where the linked user stands: as the writer left it, or in a full sync as Docebo lists it now (an
     * administrator's edit in Docebo is drift too; the branch, which the list does not show, stays as remembered).
     * Empty when the user is gone from Docebo (deleted there): then it is found or created afresh.
     */
    private Optional<Baseline> linked(EmployeeSnapshot employee, AppliedEmployee state) {
        if (employee.runId() == null) {
            return Optional.of(Baseline.remembered(state));
        }
        Optional<DoceboUser> listed = directory.listed(state.doceboUserId());
        if (listed.isPresent()) {
            return Optional.of(Baseline.listed(state, listed.get()));
        }
        if (directory.isGone(state.doceboUserId())) {
            log.warn("Docebo user {} of employee {} no longer exists (deleted in Docebo?); looking the employee up "
                    + "again", state.doceboUserId(), state.employeeId());
            return Optional.empty();
        }
        return Optional.of(Baseline.remembered(state));
    }

    /** A new user: every value HiBob gave, a password nobody is told (people sign in through SSO or reset it). */
    Change create(EmployeeSnapshot employee, DesiredUser desired) {
        Change change = new Change(employee, Kind.CREATE, desired, null, Action.CREATED);
        Map<String, Object> item = change.item;
        item.put("username", desired.username());
        putIfKnown(item, "email", desired.email());
        putIfKnown(item, "firstname", desired.firstName());
        putIfKnown(item, "lastname", desired.lastName());
        item.put("password", randomPassword());
        item.put("level", mapper.newUserLevel());
        item.put("active", desired.active() == null || desired.active());
        putIfKnown(item, "language", desired.language());
        putIfKnown(item, "timezone", desired.timezone());
        desired.additionalFields().forEach((id, value) -> item.put("field_" + id, value));
        putIfKnown(item, "branch_code", desired.branchCode());
        return change;
    }

    /**
     * What differs from what the user has, by the user's id: the username is never renamed. When a write to the user
     * was left unanswered, what the user has is not known: every field HiBob gives is written (in the same batch
     * row, so at no extra call).
     */
    private Change update(EmployeeSnapshot employee, DesiredUser desired, Baseline current) {
        DesiredUser remembered = current.user();
        DesiredUser was = current.unconfirmed() ? unknownExceptUsername(remembered) : remembered;
        Change change = new Change(employee, Kind.UPDATE, desired, current, Action.UPDATED);
        Map<String, Object> item = change.item;
        item.put("user_id", current.userId());
        if (desired.email() != null && !desired.email().equalsIgnoreCase(was.email())) {
            item.put("email", desired.email());
        }
        putIfChanged(item, "firstname", desired.firstName(), was.firstName());
        putIfChanged(item, "lastname", desired.lastName(), was.lastName());
        putIfChanged(item, "language", desired.language(), was.language());
        putIfChanged(item, "timezone", desired.timezone(), was.timezone());
        boolean fieldsChanged = false;
        for (Map.Entry<Integer, String> field : desired.additionalFields().entrySet()) {
            if (!Objects.equals(field.getValue(), was.additionalFields().get(field.getKey()))) {
                item.put("field_" + field.getKey(), field.getValue());
                fieldsChanged = true;
            }
        }
        item.keySet().stream().filter(key -> !key.equals("user_id") && !key.startsWith("field_"))
                .forEach(change.done::add);
        if (fieldsChanged) {
            change.done.add("additional_fields");
        }
        // Docebo's user list does not show branches: an adopted user's is unknown; DOCEBO_ADOPTED_BRANCH=trust takes
        // it to be the mapped one.
        boolean branchKnown = current.remembered() || mapper.assignsAdoptedBranch();
        if (branchKnown && desired.branchCode() != null && !desired.branchCode().equals(was.branchCode())) {
            item.put("branch_code", desired.branchCode());
            change.done.add("branch " + desired.branchCode());
        }
        if (desired.active() != null && !desired.active().equals(was.active())) {
            item.put("active", desired.active());
            if (desired.active().equals(remembered.active())) {
                change.done.add("status " + (desired.active() ? "active" : "inactive"));
            } else {
                change.action = desired.active() ? Action.REACTIVATED : Action.DEACTIVATED;
                change.done.add(desired.active() ? "activated" : "deactivated");
            }
        }
        if (current.unconfirmed()) {
            change.done.add("written in full: the writer stopped before it remembered Docebo's answer to its last "
                    + "write of this user");
            change.managerLinked = false;
            return change;
        }
        change.managerLinked = current.remembered()
                ? current.managerLinked() && Objects.equals(desired.managerEmployeeId(), was.managerEmployeeId())
                : desired.managerUsername() != null && desired.managerUsername().equalsIgnoreCase(was.managerUsername());
        return change;
    }

    /**
     * enrich-service publishes a deletion only once HiBob no longer returns the employee. Only the user linked to
     * the employee is touched; with no link, the one user the event's email finds, if nobody else owns it.
     */
    private Change deletion(EmployeeSnapshot employee, Optional<AppliedEmployee> known) {
        Optional<Baseline> target = known.filter(AppliedEmployee::hasUser).map(Baseline::remembered)
                .or(() -> employee.email() == null ? Optional.empty()
                        : accounts.adoptable(employee.employeeId(), usernameOrNull(employee),
                                employee.email().strip().toLowerCase(Locale.ROOT)).map(Baseline::of));
        if (target.isEmpty()) {
            return new Change(employee, Kind.DELETE, null, null, Action.UNCHANGED);
        }
        Baseline user = target.get();
        if (!mapper.deactivateOnDelete()) {
            return new Change(employee, Kind.DELETE, null, user, Action.DELETED);
        }
        // Deactivated, not deleted: the account and its history stay, linked, for a rehire.
        Change change = new Change(employee, Kind.UPDATE, withActive(user.user(), false), user, Action.DEACTIVATED);
        change.item.put("user_id", user.userId());
        change.item.put("active", false);
        change.done.add("deleted in HiBob; deactivated (DOCEBO_ON_DELETE=deactivate)");
        change.managerLinked = user.managerLinked();
        return change;
    }

    private String usernameOrNull(EmployeeSnapshot employee) {
        try {
            return mapper.username(employee.employeeId(), employee.email());
        } catch (UnmappableEmployeeException noUsername) {
            return null;
        }
    }

    private SyncOutcome supersededBy(EmployeeSnapshot older, EmployeeSnapshot newer) {
        return outcome(older, Action.UNCHANGED, memory.recall(older.employeeId()).map(AppliedEmployee::doceboUserId)
                .orElse(null), "covered by the newer snapshot of the same poll (read at " + newer.readAt() + ")");
    }

    private SyncOutcome outcome(EmployeeSnapshot employee, Action action, String userId, String detail) {
        Instant now = clock.instant();
        long latency = employee.receivedAt() == null ? -1 : Duration.between(employee.receivedAt(), now).toMillis();
        return new SyncOutcome(employee.employeeId(), action, userId, employee.event(), employee.deliveryId(),
                employee.receivedAt(), now, latency, detail);
    }

    /** Whether {@code snapshot} was read before {@code held} (the later one in the poll wins a tie). */
    private static boolean readBefore(EmployeeSnapshot snapshot, EmployeeSnapshot held) {
        return snapshot.readAt() != null && held.readAt() != null && snapshot.readAt().isBefore(held.readAt());
    }

    private static DesiredUser unknownExceptUsername(DesiredUser user) {
        return new DesiredUser(user.username(), null, null, null, null, null, null, Map.of(), null, null, null);
    }

    static DesiredUser withActive(DesiredUser user, boolean active) {
        return new DesiredUser(user.username(), user.email(), user.firstName(), user.lastName(), active,
                user.language(), user.timezone(), user.additionalFields(), user.branchCode(), user.managerEmployeeId(),
                user.managerUsername());
    }

    private static void putIfKnown(Map<String, Object> item, String key, Object value) {
        if (value != null) {
            item.put(key, value);
        }
    }

    private static void putIfChanged(Map<String, Object> item, String key, String desired, String current) {
        if (desired != null && !desired.equals(current)) {
            item.put(key, desired);
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) + "!9aA";
    }
}
