package io.hibobsync.simulator.hibob;

import java.util.List;

/**
 * What an admin change did.
 *
 * @param employee      the employee afterwards (before, for a deletion)
 * @param changedFields field ids whose value changed
 * @param webhooks      webhook types queued for sending, in order
 */
record AdminOutcome(SimulatedEmployee employee, List<String> changedFields, List<String> webhooks) {
}
