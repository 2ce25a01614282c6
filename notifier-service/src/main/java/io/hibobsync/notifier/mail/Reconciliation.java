package io.hibobsync.notifier.mail;

import io.hibobsync.contracts.PlanEntry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A nightly reconciliation whose every partition has reported: what it found, for its mail.
 *
 * @param runId      the run ({@code reconcile-…})
 * @param partitions how many partitions reported
 * @param total      employees HiBob returned in all
 * @param counts     employees (or users) by {@link PlanEntry#action()}, summed over the partitions' reports
 * @param examples   some of the users that were out of step (those that need someone first), at most as many as the
 *                   notifier keeps
 * @param finishedAt when the last partition reported ({@code null} when the record does not say)
 * @param position   where that last report is
 */
public record Reconciliation(String runId, int partitions, int total, Map<String, Integer> counts,
        List<PlanEntry> examples, Instant finishedAt, KafkaPosition position) {

    /** What a full sync reports for users that matched HiBob, or that it leaves alone: no drift. */
    public static final Set<String> IN_STEP = Set.of("UNCHANGED", "OUT_OF_SCOPE", "IN_DOCEBO_ONLY");

    /** Drift the sync did not correct: these need someone. */
    public static final Set<String> NEEDS_YOU = Set.of("CONFLICT", "HELD", "FAILED");

    public Reconciliation {
        counts = counts == null ? Map.of() : new TreeMap<>(counts);
        examples = examples == null ? List.of() : List.copyOf(examples);
    }

    /** Whether {@code action} is drift: anything but {@link #IN_STEP} (an action this notifier does not know too). */
    public static boolean isDrift(String action) {
        return action != null && !IN_STEP.contains(action);
    }

    /** Users that were out of step: corrected, or needing someone. Zero: nothing drifted, and nothing is mailed. */
    public int drifted() {
        return counts.entrySet().stream().filter(entry -> isDrift(entry.getKey()))
                .mapToInt(entry -> Math.max(0, entry.getValue())).sum();
    }

    /** How many of {@code action}. */
    public int count(String action) {
        return Math.max(0, counts.getOrDefault(action, 0));
    }
}
