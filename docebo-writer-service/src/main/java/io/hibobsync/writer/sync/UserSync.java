package io.hibobsync.writer.sync;

import io.hibobsync.contracts.EmployeeSnapshot;
import io.hibobsync.contracts.SyncOutcome;
import io.hibobsync.contracts.SyncOutcome.Action;
import io.hibobsync.writer.docebo.DoceboClient;
import io.hibobsync.writer.docebo.DoceboUser;
import io.hibobsync.writer.docebo.DoceboUserGoneException;
import io.hibobsync.writer.mapping.DesiredUser;
import io.hibobsync.writer.mapping.UserMapper;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each HiBob employee snapshot does to Docebo — the behaviour table of docs/architecture.md in code:
 * <ul>
 * <li>a snapshot read before the one already applied (or before a deletion) is stale and changes nothing;</li>
 * <li>deleted in HiBob (enrich-service confirmed it: HiBob no longer returns the employee): delete the linked
 * Docebo user (or deactivate it, by policy), or with no link the user the event's email finds that nobody else
 * owns; the deletion is remembered;</li>
 * <li>otherwise: create the user if the employee has none (inactive while HiBob access is Inactive), else change
 * only what differs; access Active/Inactive activates or deactivates the same account (a rehire keeps its
 * history). A user the writer has no link for is adopted only under the rules of {@link AccountMatcher};</li>
 * <li>the HiBob manager becomes the Docebo Direct Manager once both users exist, in either order;</li>
 * <li>the department's branch is assigned;</li>
 * <li>the sync's own API account is never deactivated or deleted ({@link ProtectedAccountException}).</li>
 * </ul>
 */
public class UserSync {

    private static final Logger log = LoggerFactory.getLogger(UserSync.class);
    private static final SecureRandom random = new SecureRandom();

    private final DoceboClient docebo;
    private final UserMapper mapper;
    private final WriterMemory memory;
    private final AccountMatcher accounts;
    private final Clock clock;

    public UserSync(DoceboClient docebo, UserMapper mapper, WriterMemory memory, AccountMatcher accounts, Clock clock) {
        this.docebo = docebo;
        this.mapper = mapper;
        this.memory = memory;
        this.accounts = accounts;
        this.clock = clock;
    }

    public SyncOutcome apply(EmployeeSnapshot employee) {
        Optional<AppliedEmployee> known = memory.recall(employee.employeeId());
        if (known.isPresent() && known.get().isNewerThan(employee.readAt())) {
            AppliedEmployee state = known.get();
            boolean beforeDeletion = state.deletedAt() != null && employee.readAt().isBefore(state.deletedAt());
            return outcome(employee, Action.STALE, state.doceboUserId(), "read at " + employee.readAt() + ", before "
                    + (beforeDeletion ? "HiBob confirmed the employee deleted (at " + state.deletedAt() + ")"
                            : "the snapshot already applied (read at " + state.readAt() + ")"));
        }
        if (employee.deleted()) {
            return delete(employee, known);
        }
        DesiredUser desired = mapper.desiredUser(employee);
        Optional<Baseline> existing = known.filter(AppliedEmployee::hasUser)
                .map(state -> new Baseline(state.doceboUserId(), state.applied(), state.managerLinked(), true))
                .or(() -> adoptable(employee, desired));
        SyncOutcome outcome;
        try {
            outcome = existing.isEmpty() ? create(employee, desired) : update(employee, desired, existing.get());
        } catch (DoceboUserGoneException gone) {
            // Someone deleted the user in Docebo since we wrote it: find or create it afresh, by the same rules.
            log.warn("{}; looking the employee up again", gone.getMessage());
            outcome = adoptable(employee, desired)
                    .map(user -> update(employee, desired, user))
                    .orElseGet(() -> create(employee, desired));
        }
        linkSubordinatesWaitingFor(employee.employeeId(), outcome.doceboUserId());
        return outcome;
    }

    private Optional<Baseline> adoptable(EmployeeSnapshot employee, DesiredUser desired) {
        return accounts.adoptable(employee.employeeId(), desired.username(), desired.email()).map(Baseline::of);
    }

    private SyncOutcome create(EmployeeSnapshot employee, DesiredUser desired) {
        boolean active = desired.active() == null || desired.active();
        String managerUserId = managerUserId(desired);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userid", desired.username());
        putIfKnown(body, "email", desired.email());
        putIfKnown(body, "firstname", desired.firstName());
        putIfKnown(body, "lastname", desired.lastName());
        // Nobody is told this password: people sign in through SSO or reset it.
        body.put("password", randomPassword());
        body.put("force_change", 1);
        body.put("level", mapper.newUserLevel());
        body.put("valid", active ? 1 : 0);
        putIfKnown(body, "language", desired.language());
        putIfKnown(body, "timezone", desired.timezone());
        putIfKnown(body, "manager", managerUserId);
        if (!desired.additionalFields().isEmpty()) {
            body.put("additional_fields", additionalFields(desired.additionalFields()));
        }
        String userId = docebo.createUser(body);
        if (desired.branchCode() != null) {
            docebo.assignBranch(desired.branchCode(), List.of(userId));
        }
        remember(employee, userId, desired, null, managerUserId != null);
        return outcome(employee, Action.CREATED, userId, "created " + desired.username() + (active ? "" : " (inactive)")
                + waitingNote(desired, managerUserId != null));
    }

    private SyncOutcome update(EmployeeSnapshot employee, DesiredUser desired, Baseline current) {
        DesiredUser was = current.user();
        boolean deactivates = Boolean.FALSE.equals(desired.active()) && !Boolean.FALSE.equals(was.active());
        if (deactivates && accounts.isApiAccount(was.username(), was.email())) {
            throw new ProtectedAccountException("Employee " + employee.employeeId() + " is inactive in HiBob, but "
                    + "their Docebo user " + current.userId() + " (" + was.username() + ") is the account the sync "
                    + "signs in with (DOCEBO_USERNAME); deactivating it would lock the sync out. Nothing was written "
                    + "to Docebo.");
        }
        Map<String, Object> changes = new LinkedHashMap<>();
        // The username is the sign-in identity (often the SSO subject): set on creation, never renamed.
        putIfChangedIgnoringCase(changes, "email", desired.email(), was.email());
        putIfChanged(changes, "firstname", desired.firstName(), was.firstName());
        putIfChanged(changes, "lastname", desired.lastName(), was.lastName());
        putIfChanged(changes, "language", desired.language(), was.language());
        putIfChanged(changes, "timezone", desired.timezone(), was.timezone());
        Map<Integer, String> fieldChanges = new LinkedHashMap<>();
        desired.additionalFields().forEach((id, value) -> {
            if (!Objects.equals(value, was.additionalFields().get(id))) {
                fieldChanges.put(id, value);
            }
        });
        if (!fieldChanges.isEmpty()) {
            changes.put("additional_fields", additionalFields(fieldChanges));
        }
        boolean managerLinked = current.remembered()
                ? current.managerLinked() && Objects.equals(desired.managerEmployeeId(), was.managerEmployeeId())
                : desired.managerUsername() != null && desired.managerUsername().equalsIgnoreCase(was.managerUsername());
        if (desired.managerEmployeeId() != null && !managerLinked) {
            String managerUserId = managerUserId(desired);
            managerLinked = managerUserId != null;
            putIfKnown(changes, "manager", managerUserId);
        }
        List<String> done = new ArrayList<>(changes.keySet());
        if (!changes.isEmpty()) {
            docebo.updateUser(current.userId(), changes);
        }
        Action action = changes.isEmpty() ? Action.UNCHANGED : Action.UPDATED;
        if (desired.active() != null && !desired.active().equals(was.active())) {
            docebo.changeStatus(current.userId(), desired.active());
            action = desired.active() ? Action.REACTIVATED : Action.DEACTIVATED;
            done.add(desired.active() ? "activated" : "deactivated");
        }
        if (desired.branchCode() != null && !desired.branchCode().equals(was.branchCode())) {
            docebo.assignBranch(desired.branchCode(), List.of(current.userId()));
            done.add("branch " + desired.branchCode());
            action = action == Action.UNCHANGED ? Action.UPDATED : action;
        }
        remember(employee, current.userId(), desired, was, managerLinked);
        String detail = (current.remembered() ? "" : "adopted the existing user " + was.username() + "; ")
                + (action == Action.UNCHANGED ? "Docebo already matches HiBob" : "changed " + String.join(", ", done));
        return outcome(employee, action, current.userId(), detail + waitingNote(desired, managerLinked));
    }

    /**
     * enrich-service publishes a deletion only once HiBob no longer returns the employee. Only the user linked to
     * the employee is touched; with no link, the one user the event's email finds, if nobody else owns it.
     */
    private SyncOutcome delete(EmployeeSnapshot employee, Optional<AppliedEmployee> known) {
        Optional<Baseline> target = known.filter(AppliedEmployee::hasUser)
                .map(state -> new Baseline(state.doceboUserId(), state.applied(), state.managerLinked(), true))
                .or(() -> employee.email() == null ? Optional.empty()
                        : accounts.adoptable(employee.employeeId(), usernameOrNull(employee), employee.email().strip()
                                .toLowerCase(Locale.ROOT)).map(Baseline::of));
        Instant deletedAt = employee.readAt();
        if (target.isEmpty()) {
            memory.remember(new AppliedEmployee(employee.employeeId(), null, deletedAt, null, false, deletedAt));
            return outcome(employee, Action.UNCHANGED, null, "deleted in HiBob; Docebo has no user for "
                    + (employee.email() == null ? "employee " + employee.employeeId() : employee.email()));
        }
        Baseline user = target.get();
        if (user.user() != null && accounts.isApiAccount(user.user().username(), user.user().email())) {
            throw new ProtectedAccountException("Employee " + employee.employeeId() + " was deleted in HiBob, but "
                    + "their Docebo user " + user.userId() + " (" + user.user().username() + ") is the account the "
                    + "sync signs in with (DOCEBO_USERNAME); " + (mapper.deactivateOnDelete() ? "deactivating"
                    : "deleting") + " it would lock the sync out. Nothing was written to Docebo.");
        }
        if (mapper.deactivateOnDelete()) {
            docebo.changeStatus(user.userId(), false);
            memory.remember(new AppliedEmployee(employee.employeeId(), user.userId(), deletedAt,
                    withActive(user.user(), false), user.managerLinked(), deletedAt));
            return outcome(employee, Action.DEACTIVATED, user.userId(),
                    "deleted in HiBob; deactivated (DOCEBO_ON_DELETE=deactivate)");
        }
        docebo.deleteUser(user.userId());
        memory.remember(new AppliedEmployee(employee.employeeId(), null, deletedAt, null, false, deletedAt));
        return outcome(employee, Action.DELETED, user.userId(), "deleted in HiBob; Docebo user deleted");
    }

    private String usernameOrNull(EmployeeSnapshot employee) {
        try {
            return mapper.username(employee.employeeId(), employee.email());
        } catch (UserMapper.UnmappableEmployeeException noUsername) {
            return null;
        }
    }

    /** Makes {@code managerEmployeeId} the Direct Manager of every synced employee that was waiting for them. */
    private void linkSubordinatesWaitingFor(String managerEmployeeId, String managerUserId) {
        if (managerUserId == null) {
            return;
        }
        List<AppliedEmployee> waiting = memory.waitingFor(managerEmployeeId);
        if (waiting.isEmpty()) {
            return;
        }
        docebo.assignDirectManager(managerUserId, waiting.stream().map(AppliedEmployee::doceboUserId).toList());
        for (AppliedEmployee subordinate : waiting) {
            memory.remember(new AppliedEmployee(subordinate.employeeId(), subordinate.doceboUserId(),
                    subordinate.readAt(), subordinate.applied(), true, subordinate.deletedAt()));
        }
        log.info("Linked {} employee(s) to their Direct Manager {} now that the manager is in Docebo",
                waiting.size(), managerEmployeeId);
    }

    /** The Docebo user id of the employee's manager, or {@code null} while the manager has no Docebo user. */
    private String managerUserId(DesiredUser desired) {
        return desired.managerEmployeeId() == null ? null
                : accounts.managerUserId(desired.managerEmployeeId(), desired.managerUsername());
    }

    private void remember(EmployeeSnapshot employee, String userId, DesiredUser desired, DesiredUser was,
            boolean managerLinked) {
        // What Docebo has now: what we wrote, and for values HiBob did not give, what Docebo had.
        DesiredUser applied = was == null ? desired : new DesiredUser(was.username(),
                firstKnown(desired.email(), was.email()), firstKnown(desired.firstName(), was.firstName()),
                firstKnown(desired.lastName(), was.lastName()), firstKnown(desired.active(), was.active()),
                firstKnown(desired.language(), was.language()), firstKnown(desired.timezone(), was.timezone()),
                mergedFields(desired.additionalFields(), was.additionalFields()),
                firstKnown(desired.branchCode(), was.branchCode()), desired.managerEmployeeId(), desired.managerUsername());
        memory.remember(new AppliedEmployee(employee.employeeId(), userId, employee.readAt(), applied,
                desired.managerEmployeeId() != null && managerLinked,
                memory.recall(employee.employeeId()).map(AppliedEmployee::deletedAt).orElse(null)));
    }

    private SyncOutcome outcome(EmployeeSnapshot employee, Action action, String userId, String detail) {
        Instant now = clock.instant();
        long latency = employee.receivedAt() == null ? -1 : Duration.between(employee.receivedAt(), now).toMillis();
        return new SyncOutcome(employee.employeeId(), action, userId, employee.event(), employee.deliveryId(),
                employee.receivedAt(), now, latency, detail);
    }

    private static String waitingNote(DesiredUser desired, boolean managerLinked) {
        return desired.managerEmployeeId() != null && !managerLinked
                ? "; Direct Manager link waits until manager " + desired.managerEmployeeId() + " is in Docebo"
                : "";
    }

    private static List<Map<String, Object>> additionalFields(Map<Integer, String> fields) {
        List<Map<String, Object>> list = new ArrayList<>();
        fields.forEach((id, value) -> list.add(Map.of("id", id, "value", value)));
        return list;
    }

    private static Map<Integer, String> mergedFields(Map<Integer, String> desired, Map<Integer, String> was) {
        Map<Integer, String> merged = new LinkedHashMap<>(was);
        merged.putAll(desired);
        return merged;
    }

    private static DesiredUser withActive(DesiredUser user, boolean active) {
        return new DesiredUser(user.username(), user.email(), user.firstName(), user.lastName(), active,
                user.language(), user.timezone(), user.additionalFields(), user.branchCode(), user.managerEmployeeId(),
                user.managerUsername());
    }

    private static void putIfKnown(Map<String, Object> body, String key, Object value) {
        if (value != null) {
            body.put(key, value);
        }
    }

    private static void putIfChanged(Map<String, Object> changes, String key, String desired, String current) {
        if (desired != null && !desired.equals(current)) {
            changes.put(key, desired);
        }
    }

    private static void putIfChangedIgnoringCase(Map<String, Object> changes, String key, String desired, String current) {
        if (desired != null && !desired.equalsIgnoreCase(current)) {
            changes.put(key, desired);
        }
    }

    private static <T> T firstKnown(T desired, T current) {
        return desired != null ? desired : current;
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) + "!9aA";
    }

    /**
     * Where the user stands in Docebo before this snapshot: from our memory ({@code remembered}), or as Docebo
     * answered a search (which tells neither the branch nor the manager's HiBob id).
     */
    private record Baseline(String userId, DesiredUser user, boolean managerLinked, boolean remembered) {

        static Baseline of(DoceboUser user) {
            return new Baseline(user.userId(), new DesiredUser(user.username(), user.email(), user.firstName(),
                    user.lastName(), user.active(), user.language(), user.timezone(), user.fields(), null, null,
                    user.managerUsername()), false, false);
        }
    }
}
