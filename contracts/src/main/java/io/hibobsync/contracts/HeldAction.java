package io.hibobsync.contracts;

import java.time.Instant;

/**
 * A deactivation or deletion the safety brake holds: more of them came within an hour (or one run) than the
 * threshold allows, which more often means a fault (a HiBob permission change hiding a department, a bulk
 * edit gone wrong) than real leavers. Published on {@link Topics#SYNC_HELD} keyed by employee id; a tombstone
 * once approved, rejected, or superseded by a newer change of the employee.
 *
 * @param employeeId   the HiBob employee
 * @param doceboUserId their Docebo user
 * @param username     its username, for people reading the list
 * @param action       {@code DEACTIVATED} or {@code DELETED}
 * @param snapshot     the snapshot that asked for it, applied as it is once approved
 * @param heldAt       when the brake held it
 * @param reason       why, in plain words (the count against the threshold)
 */
public record HeldAction(String employeeId, String doceboUserId, String username, SyncOutcome.Action action,
        EmployeeSnapshot snapshot, Instant heldAt, String reason) {
}
