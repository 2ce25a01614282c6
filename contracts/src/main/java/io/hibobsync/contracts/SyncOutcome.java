package io.hibobsync.contracts;

import java.time.Instant;

/**
 * What docebo-writer-service did in Docebo for one {@link EmployeeSnapshot}, published on
 * {@link Topics#DOCEBO_SYNC_OUTCOMES} keyed by {@link #employeeId()}: the audit trail of the sync.
 *
 * @param employeeId    HiBob employee id
 * @param action        what was done
 * @param doceboUserId  the Docebo user's id, when one exists
 * @param event         the HiBob event behind the snapshot
 * @param deliveryId    the webhook delivery behind it
 * @param receivedAt    when ingest received the webhook
 * @param appliedAt     when Docebo confirmed the change (or the writer decided none was needed)
 * @param latencyMillis {@code appliedAt - receivedAt}: webhook receipt to Docebo applied
 * @param detail        in plain words: which fields changed, why nothing was done, or what failed
 */
public record SyncOutcome(
        String employeeId,
        Action action,
        String doceboUserId,
        String event,
        String deliveryId,
        Instant receivedAt,
        Instant appliedAt,
        long latencyMillis,
        String detail) {

    public enum Action {
        CREATED, UPDATED, DEACTIVATED, REACTIVATED, DELETED, UNCHANGED,
        /** The snapshot was read before the one already applied for this employee. */
        STALE,
        /** A deactivation or deletion the safety brake holds until an administrator approves it. */
        HELD,
        FAILED
    }
}
