package io.hibobsync.writer.sync;

import io.hibobsync.writer.mapping.DesiredUser;
import java.time.Instant;

/**
 * What the writer last did for one employee: the writer's memory, kept in a compacted Kafka topic so it
 * survives restarts without a database.
 *
 * @param doceboUserId  the employee's Docebo user
 * @param readAt        when HiBob was read for the snapshot applied last; older snapshots are stale
 * @param applied       the user as last written to Docebo
 * @param managerLinked whether {@code applied.managerEmployeeId()} is Direct Manager in Docebo already, or the
 *                      link waits until the manager's own user exists
 */
public record AppliedEmployee(String employeeId, String doceboUserId, Instant readAt, DesiredUser applied,
        boolean managerLinked) {

    boolean waitsForManager(String managerEmployeeId) {
        return !managerLinked && applied != null && managerEmployeeId.equals(applied.managerEmployeeId());
    }
}
