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
 */
public record AppliedEmployee(String employeeId, String doceboUserId, Instant readAt, DesiredUser applied,
        boolean managerLinked, Instant deletedAt) {

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
