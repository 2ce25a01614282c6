package io.hibobsync.notifier.kafka;

import io.hibobsync.contracts.PlanEntry;
import io.hibobsync.contracts.RunProgress;
import io.hibobsync.notifier.mail.KafkaPosition;
import io.hibobsync.notifier.mail.Reconciliation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * The nightly reconciliations seen on {@code sync-plans} and not complete yet, and the ones already decided (mailed,
 * or found in step). Per open run only what its mail needs: the drift entries counted by action, at most
 * {@code maxExamples} of them kept (those that need someone, and the corrections, apart: a thousand creations do not
 * crowd out a conflict), and the first progress report of each partition. A 10,000-employee run in step costs a few
 * counters. Confined to the run listener's consumer thread.
 * <p>
 * A run is keyed by its id, which is also the record key: all of it is on one partition of {@code sync-plans}, the one
 * it is remembered with, so that a partition going to another consumer takes its runs along.
 */
final class Runs {

    private final int maxExamples;
    private final Map<String, Run> open = new HashMap<>();
    private final Map<String, TopicPartition> decided = new HashMap<>();

    private static final class Run {
        private final TopicPartition partition;
        private final Map<String, Integer> driftSeen = new TreeMap<>();
        private final List<PlanEntry> needsYou = new ArrayList<>();
        private final List<PlanEntry> corrected = new ArrayList<>();
        private final Map<Integer, RunProgress> progress = new TreeMap<>();
        private int partitions;

        private Run(TopicPartition partition) {
            this.partition = partition;
        }
    }

    Runs(int maxExamples) {
        this.maxExamples = maxExamples;
    }

    /** An employee of a run: counted and maybe kept as an example when it drifted; nothing else is kept. */
    void entry(PlanEntry entry, TopicPartition partition) {
        if (decided.containsKey(entry.runId()) || !Reconciliation.isDrift(entry.action())) {
            return;
        }
        Run run = open.computeIfAbsent(entry.runId(), id -> new Run(partition));
        run.driftSeen.merge(entry.action(), 1, Integer::sum);
        List<PlanEntry> examples = Reconciliation.NEEDS_YOU.contains(entry.action()) ? run.needsYou : run.corrected;
        // A redelivered entry is the same record value: kept once.
        if (examples.size() < maxExamples && !examples.contains(entry)) {
            examples.add(entry);
        }
    }

    /**
     * A partition of a run has reported. When that completes the run (every partition has reported), the run is
     * returned, again for a report delivered again, until it is {@link #decided}; else {@code null}. A partition
     * reporting again (the writer redelivering) keeps its first report.
     */
    Reconciliation progress(RunProgress report, TopicPartition partition, KafkaPosition position, Instant at) {
        if (decided.containsKey(report.runId())) {
            return null;
        }
        Run run = open.computeIfAbsent(report.runId(), id -> new Run(partition));
        run.partitions = Math.max(run.partitions, report.partitions());
        run.progress.putIfAbsent(report.partition(), report);
        for (int i = 0; i < run.partitions; i++) {
            if (!run.progress.containsKey(i)) {
                return null;
            }
        }
        return summary(report.runId(), run, position, at);
    }

    /** The complete run was mailed, or needed no mail: not again. */
    void decided(String runId) {
        Run run = open.remove(runId);
        if (run != null) {
            decided.put(runId, run.partition);
        }
    }

    /** Their new owner rebuilds them from the partition's beginning. */
    void forget(Collection<TopicPartition> partitions) {
        Set<TopicPartition> gone = Set.copyOf(partitions);
        open.values().removeIf(run -> gone.contains(run.partition));
        decided.values().removeIf(gone::contains);
    }

    /**
     * The counts per action summed over the partitions' reports. For drift, never fewer than the entries seen: a
     * writer restarted in mid-run loses the counts of its partition so far (its entries are on the topic all the
     * same), and a mail must not say a run was in step when its entries say otherwise.
     */
    private Reconciliation summary(String runId, Run run, KafkaPosition position, Instant at) {
        Map<String, Integer> counts = new TreeMap<>();
        int total = 0;
        for (RunProgress report : run.progress.values()) {
            report.counts().forEach((action, count) -> {
                if (action != null && count != null) {
                    counts.merge(action, count, Integer::sum);
                }
            });
            total = Math.max(total, report.total());
        }
        run.driftSeen.forEach((action, seen) -> counts.merge(action, seen, Math::max));
        List<PlanEntry> examples = new ArrayList<>(run.needsYou);
        examples.addAll(run.corrected);
        return new Reconciliation(runId, run.partitions, total, counts, examples, at, position);
    }
}
