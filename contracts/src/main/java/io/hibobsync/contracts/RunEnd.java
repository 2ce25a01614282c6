package io.hibobsync.contracts;

import java.time.Instant;
import java.util.List;

/**
 * The end of a full sync on one partition of {@link Topics#HIBOB_EMPLOYEES}: enrich-service publishes one on every
 * partition after that partition's snapshots of the run, with the header {@link #HEADER} (value: the run id), so
 * the writer knows it has seen them all and can tell which linked employees HiBob no longer returns.
 *
 * @param runId       the run (the {@link SyncCommand} id)
 * @param plan        a dry run
 * @param partition   the partition this marker ends
 * @param partitions  how many partitions {@code hibob-employees} had when the run was published
 * @param employeeIds every employee of the run published on this partition
 * @param total       employees HiBob returned in all
 * @param readAt      when HiBob was read
 */
public record RunEnd(String runId, boolean plan, int partition, int partitions, List<String> employeeIds, int total,
        Instant readAt) {

    /** The header that marks a record of {@code hibob-employees} as a {@code RunEnd}, not a snapshot. */
    public static final String HEADER = "sync-run-end";

    public RunEnd {
        employeeIds = employeeIds == null ? List.of() : List.copyOf(employeeIds);
    }
}
