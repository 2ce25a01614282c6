package io.hibobsync.simulator.hibob.admin;

import io.hibobsync.simulator.hibob.SimulatedEmployee;
import java.util.List;

/**
 * What an admin change did.
 *
 * @param employee      the employee afterwards (before, for a deletion)
 * @param changedFields field ids whose value changed
 * @param webhooks      webhook types queued for sending, in order
 */
public record AdminOutcome(SimulatedEmployee employee, List<String> changedFields, List<String> webhooks) {
}
