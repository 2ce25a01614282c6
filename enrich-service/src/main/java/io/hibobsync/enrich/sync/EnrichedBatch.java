package io.hibobsync.enrich.sync;

import io.hibobsync.contracts.EmployeeSnapshot;
import java.util.List;

/**
 * What became of one poll of webhooks: the snapshots to publish and, when something failed, the first record
 * that could not be handled. Every record before that one is covered by a snapshot or skipped, so it may be
 * committed once the snapshots are acknowledged; that record and the ones after it are delivered again.
 *
 * @param size      records in the batch
 * @param webhooks  the records understood, in batch order (all of them unless one was not a webhook)
 * @param snapshots the snapshots published (acknowledged by Kafka), at most one per employee (what HiBob says of
 *                  them, or their confirmed deletion), in publishing order; all of those of the records before the
 *                  failure, and maybe some of records after it (published before a later search failed: they come
 *                  again, and are published again, from the same read)
 * @param failure   the first record that failed and why, or {@code null}
 * @param searched  whether at least one HiBob search succeeded (the service user is accepted)
 */
public record EnrichedBatch(int size, List<ReceivedWebhook> webhooks, List<PlannedSnapshot> snapshots, Failure failure,
        boolean searched) {

    /** The index of the first record not handled: {@link #size()} when all were. */
    public int failedAt() {
        return failure == null ? size : failure.index();
    }

    /** A snapshot and the webhooks it answers (one employee's, coalesced). */
    public record PlannedSnapshot(EmployeeSnapshot snapshot, List<ReceivedWebhook> covers) {

        int firstIndex() {
            return covers.get(0).index();
        }
    }

    /** The record at {@code index} could not be handled because of {@code cause}. */
    public record Failure(int index, RuntimeException cause) {

        static Failure earliest(Failure current, Failure candidate) {
            return current == null || candidate.index() < current.index() ? candidate : current;
        }
    }
}
