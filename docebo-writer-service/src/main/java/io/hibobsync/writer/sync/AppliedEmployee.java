package io.hibobsync.writer.sync;

import io.hibobsync.writer.mapping.DesiredUser;
import java.time.Instant;

/**
 * What the writer last did for one employee: the writer's memory, kept in a compacted Kafka topic so it
 * survives restarts without a database. It is also the link between the employee and their Docebo user, read
 * both ways: an employee has at most one user, and a user belongs to at most one employee.
 *
 * @param doceboUserId  the employee's Docebo user; {@code null} when they have none (never had, or it was deleted)
 * @param readAt        when HiBob was read for the snapshot applied last; older snapshots are stale
 * @param applied       the user as last written to Docebo ({@code null} when there is no user)
 * @param managerLinked whether {@code applied.managerEmployeeId()} is Direct Manager in Docebo already, or the
 *                      link waits until the manager's own user exists
 * @param deletedAt     when HiBob confirmed the employee deleted, {@code null} if never: kept for good, so that no
 *                      snapshot read before it (a replay, an offset reset) brings the user back
 * @param writeUnconfirmedSince when the writer started a Docebo write for this user whose answer it has not
 *                      remembered yet ({@code null}: none). Made durable before the call, so a writer stopped between
 *                      Docebo's answer and the memory (a {@code kill -9}, a crash) tells its successor that Docebo
 *                      may hold either this state or the one being written: the next change writes every field
 */
public record AppliedEmployee(String employeeId, String doceboUserId, Instant readAt, DesiredUser applied,
        boolean managerLinked, Instant deletedAt, Instant writeUnconfirmedSince) {

    public AppliedEmployee(String employeeId, String doceboUserId, Instant readAt, DesiredUser applied,
            boolean managerLinked, Instant deletedAt) {
        this(employeeId, doceboUserId, readAt, applied, managerLinked, deletedAt, null);
    }

    /** The same state, with a write to Docebo started at {@code at} and not answered yet. */
    AppliedEmployee writing(Instant at) {
        return new AppliedEmployee(employeeId, doceboUserId, readAt, applied, managerLinked, deletedAt, at);
    }

    /** The same state with no write left unanswered (Docebo refused it: it holds what it held). */
    AppliedEmployee answered() {
        return writing(null);
    }

    /** Whether Docebo may hold something else than {@link #applied()}: a write was started and never remembered. */
    public boolean writeUnconfirmed() {
        return writeUnconfirmedSince != null;
    }

    boolean waitsForManager(String managerEmployeeId) {
        return !managerLinked && applied != null && doceboUserId != null
                && managerEmployeeId.equals(applied.managerEmployeeId());
    }

    boolean hasUser() {
        return doceboUserId != null;
    }

    /** Whether a snapshot read at {@code snapshotReadAt} comes before what was applied (or the deletion). */
    boolean isNewerThan(Instant snapshotReadAt) {
        return readAt != null && snapshotReadAt != null && snapshotReadAt.isBefore(readAt);
    }
}
