package io.hibobsync.writer.sync;

import io.hibobsync.contracts.EmployeeSnapshot;
import io.hibobsync.contracts.SyncOutcome;
import io.hibobsync.contracts.SyncOutcome.Action;
import io.hibobsync.writer.docebo.DoceboUser;
import io.hibobsync.writer.mapping.DesiredUser;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One employee's change to Docebo, as {@link UserSync} decided it and {@link DoceboWrites} writes it: a batch
 * import row (create or update) or a deletion.
 */
final class Change {

    enum Kind { CREATE, UPDATE, DELETE }

    final EmployeeSnapshot employee;
    final Kind kind;
    final DesiredUser desired;
    /** The user before the change; {@code null} for a create. */
    final Baseline current;
    /** The batch import row, request spelling; empty for a deletion. */
    final Map<String, Object> item = new LinkedHashMap<>();
    /** What changes, in words, for the outcome. */
    final List<String> done = new ArrayList<>();
    Action action;
    /** Whether the Direct Manager is linked once this change is written. */
    boolean managerLinked;

    Change(EmployeeSnapshot employee, Kind kind, DesiredUser desired, Baseline current, Action action) {
        this.employee = employee;
        this.kind = kind;
        this.desired = desired;
        this.current = current;
        this.action = action;
    }

    SyncOutcome outcome(Action result, String userId, String detail, Instant now) {
        long latency = employee.receivedAt() == null ? -1 : Duration.between(employee.receivedAt(), now).toMillis();
        return new SyncOutcome(employee.employeeId(), result, userId, employee.event(), employee.deliveryId(),
                employee.receivedAt(), now, latency, detail);
    }

    /** The action's name in a plan, the same a run reports: CREATE, UPDATE, ADOPT, DEACTIVATE, ... */
    String planAction() {
        if (kind == Kind.CREATE) {
            return "CREATE";
        }
        if (kind == Kind.DELETE) {
            return current == null ? "UNCHANGED" : "DELETE";
        }
        if (action == Action.DEACTIVATED) {
            return "DEACTIVATE";
        }
        if (action == Action.REACTIVATED) {
            return "REACTIVATE";
        }
        if (!current.remembered()) {
            return "ADOPT";
        }
        return isEmpty() ? "UNCHANGED" : "UPDATE";
    }

    /** Field by field, in Docebo's answer spelling: {@code first_name: "Ana" → "Anna"}, {@code branch: ENG → RES}. */
    List<String> diff() {
        List<String> diff = new ArrayList<>();
        DesiredUser was = current == null ? null : current.user();
        for (Map.Entry<String, Object> field : item.entrySet()) {
            String name = switch (field.getKey()) {
                case "user_id", "password", "level" -> null;
                case "firstname" -> "first_name";
                case "lastname" -> "last_name";
                case "branch_code" -> "branch";
                case "manager_1" -> "manager";
                default -> field.getKey();
            };
            if (name != null) {
                Object before = was == null ? null : switch (name) {
                    case "email" -> was.email();
                    case "first_name" -> was.firstName();
                    case "last_name" -> was.lastName();
                    case "language" -> was.language();
                    case "timezone" -> was.timezone();
                    case "branch" -> was.branchCode();
                    case "manager" -> was.managerUsername();
                    case "active" -> was.active();
                    default -> name.startsWith("field_")
                            ? was.additionalFields().get(Integer.parseInt(name.substring("field_".length()))) : null;
                };
                boolean code = name.equals("branch");
                String beforeText = was != null && code && before == null && !current.remembered() ? "(not listed by Docebo)"
                        : code ? String.valueOf(before) : quoted(before);
                diff.add(name + ": " + (was == null ? "" : beforeText + " → ")
                        + (code ? String.valueOf(field.getValue()) : quoted(field.getValue())));
            }
        }
        return diff;
    }

    private static String quoted(Object value) {
        return value instanceof String text ? "\"" + text + "\"" : String.valueOf(value);
    }

    String employeeId() {
        return employee.employeeId();
    }

    /** The username the user has (or will have) in Docebo. */
    String username() {
        return current != null ? current.user().username() : desired.username();
    }

    /** Nothing to write: the row would hold only the user's id. */
    boolean isEmpty() {
        return kind == Kind.UPDATE && item.size() == 1 && !changesStatus();
    }

    boolean changesStatus() {
        return action == Action.REACTIVATED || action == Action.DEACTIVATED;
    }

    /**
     * Where the user stands in Docebo before the change: from the writer's memory ({@code remembered}), or as
     * Docebo listed it (which tells neither the branch nor the manager's HiBob id). {@code unconfirmed}: remembered,
     * but a write to the user was left without its answer (the writer stopped), so Docebo may hold something else.
     */
    record Baseline(String userId, DesiredUser user, boolean managerLinked, boolean remembered, boolean unconfirmed) {

        Baseline(String userId, DesiredUser user, boolean managerLinked, boolean remembered) {
            this(userId, user, managerLinked, remembered, false);
        }

        static Baseline remembered(AppliedEmployee state) {
            return new Baseline(state.doceboUserId(), state.applied(), state.managerLinked(), true,
                    state.writeUnconfirmed());
        }

        /**
         * As Docebo lists the linked user now, for what the list shows; the branch as remembered. The Direct Manager
         * counts as linked when the list names the one remembered.
         */
        static Baseline listed(AppliedEmployee state, DoceboUser user) {
            DesiredUser was = state.applied();
            Map<Integer, String> fields = new LinkedHashMap<>(was.additionalFields());
            fields.putAll(user.fields());
            boolean managerLinked = state.managerLinked() && was.managerUsername() != null
                    && was.managerUsername().equalsIgnoreCase(user.managerUsername());
            return new Baseline(user.userId(), new DesiredUser(user.username(), user.email(), user.firstName(),
                    user.lastName(), user.active(), user.language(), user.timezone(), fields, was.branchCode(),
                    was.managerEmployeeId(), user.managerUsername()), managerLinked, true);
        }

        static Baseline of(DoceboUser user) {
            return new Baseline(user.userId(), new DesiredUser(user.username(), user.email(), user.firstName(),
                    user.lastName(), user.active(), user.language(), user.timezone(), user.fields(), null, null,
                    user.managerUsername()), false, false);
        }
    }
}
