package io.hibobsync.contracts;

import java.util.Map;

/**
 * The writer has seen a full sync's whole share on one partition ({@link RunEnd}): what it did there, by action.
 * The run is complete when every partition has reported. On {@link Topics#SYNC_PLANS}, keyed by run id.
 *
 * @param runId      the run
 * @param plan       a dry run
 * @param partition  the partition of {@code hibob-employees}
 * @param partitions how many there are
 * @param counts     employees (or users) by {@link PlanEntry#action()}
 * @param total      employees HiBob returned in all
 */
public record RunProgress(String runId, boolean plan, int partition, int partitions, Map<String, Integer> counts,
        int total) {

    public RunProgress {
        counts = counts == null ? Map.of() : Map.copyOf(counts);
    }
}
