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
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each HiBob employee snapshot does to Docebo — the behaviour table of docs/architecture.md in code:
 * <ul>
 * <li>deleted in HiBob: delete the Docebo user found by the email (or deactivate it, by policy);</li>
 * <li>otherwise: create the user if missing (inactive while HiBob access is Inactive), else change only what
 * differs; access Active/Inactive activates or deactivates the same account (a rehire keeps its history);</li>
 * <li>the HiBob manager becomes the Docebo Direct Manager once both users exist, in either order;</li>
 * <li>the department's branch is assigned;</li>
 * <li>a snapshot read before the one already applied is stale and changes nothing; nothing changed, no call.</li>
 * </ul>
 */
public class UserSync {

    private static final Logger log = LoggerFactory.getLogger(UserSync.class);
    private static final SecureRandom random = new SecureRandom();

    private final DoceboClient docebo;
    private final UserMapper mapper;
    private final WriterMemory memory;
    private final Clock clock;

    public UserSync(DoceboClient docebo, UserMapper mapper, WriterMemory memory, Clock clock) {
        this.docebo = docebo;
        this.mapper = mapper;
        this.memory = memory;
        this.clock = clock;
    }

    public SyncOutcome apply(EmployeeSnapshot employee) {
        if (employee.deleted()) {
            return delete(employee);
        }
        Optional<AppliedEmployee> known = memory.recall(employee.employeeId());
        if (known.isPresent() && known.get().readAt() != null && employee.readAt() != null
                && employee.readAt().isBefore(known.get().readAt())) {
            return outcome(employee, Action.STALE, known.get().doceboUserId(), "read at " + employee.readAt()
                    + ", before the snapshot already applied (read at " + known.get().readAt() + ")");
        }
        DesiredUser desired = mapper.desiredUser(employee);
        Optional<Baseline> existing = known.filter(state -> state.doceboUserId() != null)
                .map(state -> new Baseline(state.doceboUserId(), state.applied(), state.managerLinked(), true))
                .or(() -> findInDocebo(desired.username(), desired.email()).map(Baseline::of));
        SyncOutcome outcome;
        try {
            outcome = existing.isEmpty() ? create(employee, desired) : update(employee, desired, existing.get());
        } catch (DoceboUserGoneException gone) {
            // Someone deleted the user in Docebo since we wrote it: forget it, then find or create it afresh.
            log.warn("{}; looking the employee up again", gone.getMessage());
            memory.forget(employee.employeeId());
            outcome = findInDocebo(desired.username(), desired.email())
                    .map(user -> update(employee, desired, Baseline.of(user)))
                    .orElseGet(() -> create(employee, desired));
        }
        linkSubordinatesWaitingFor(employee.employeeId(), outcome.doceboUserId());
        return outcome;
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
        String detail = action == Action.UNCHANGED ? "Docebo already matches HiBob" : "changed " + String.join(", ", done);
        return outcome(employee, action, current.userId(), detail + waitingNote(desired, managerLinked));
    }

    private SyncOutcome delete(EmployeeSnapshot employee) {
        Optional<String> userId = memory.recall(employee.employeeId()).map(AppliedEmployee::doceboUserId)
                .or(() -> employee.email() == null ? Optional.empty()
                        : findInDocebo(mapper.username(employee.employeeId(), employee.email()), employee.email())
                                .map(DoceboUser::userId));
        if (userId.isEmpty()) {
            memory.forget(employee.employeeId());
            return outcome(employee, Action.UNCHANGED, null, "deleted in HiBob; Docebo has no user for " + employee.email());
        }
        if (mapper.deactivateOnDelete()) {
            docebo.changeStatus(userId.get(), false);
            memory.recall(employee.employeeId()).ifPresent(state -> memory.remember(new AppliedEmployee(
                    state.employeeId(), state.doceboUserId(), employee.readAt(), withActive(state.applied(), false),
                    state.managerLinked())));
            return outcome(employee, Action.DEACTIVATED, userId.get(), "deleted in HiBob; deactivated (DOCEBO_ON_DELETE=deactivate)");
        }
        docebo.deleteUser(userId.get());
        memory.forget(employee.employeeId());
        return outcome(employee, Action.DELETED, userId.get(), "deleted in HiBob; Docebo user deleted");
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
                    subordinate.readAt(), subordinate.applied(), true));
        }
        log.info("Linked {} employee(s) to their Direct Manager {} now that the manager is in Docebo",
                waiting.size(), managerEmployeeId);
    }

    /** The Docebo user id of the employee's manager, or {@code null} while the manager has no Docebo user. */
    private String managerUserId(DesiredUser desired) {
        if (desired.managerEmployeeId() == null) {
            return null;
        }
        Optional<String> remembered = memory.recall(desired.managerEmployeeId()).map(AppliedEmployee::doceboUserId);
        if (remembered.isPresent()) {
            return remembered.get();
        }
        return desired.managerUsername() == null ? null
                : docebo.findUsers(desired.managerUsername()).stream()
                        .filter(user -> desired.managerUsername().equalsIgnoreCase(user.username()))
                        .map(DoceboUser::userId).findFirst().orElse(null);
    }

    /** An existing Docebo user with this username or email, matched exactly, ignoring case. */
    private Optional<DoceboUser> findInDocebo(String username, String email) {
        List<DoceboUser> byUsername = docebo.findUsers(username);
        Optional<DoceboUser> exact = byUsername.stream().filter(user -> username.equalsIgnoreCase(user.username())).findFirst();
        if (exact.isPresent() || email == null) {
            return exact.or(() -> byUsername.stream().findFirst());
        }
        return email.equalsIgnoreCase(username) ? byUsername.stream().findFirst() : docebo.findUsers(email).stream().findFirst();
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
                desired.managerEmployeeId() != null && managerLinked));
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
