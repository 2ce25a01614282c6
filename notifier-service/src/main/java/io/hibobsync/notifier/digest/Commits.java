package io.hibobsync.notifier.digest;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records taken from each partition and not committed yet, in offset order. A Kafka commit covers every offset
 * before it, so a partition's offset is committed only up to the first record still waiting for its mail, however
 * the records finish. Not thread-safe: the {@link Outbox} guards it.
 */
final class Commits {

    private static final Logger log = LoggerFactory.getLogger(Commits.class);

    private final Map<TopicPartition, Deque<Entry>> waiting = new HashMap<>();

    /** One record: done once its mail was sent (or it needs none). */
    static final class Entry {
        private final RecordRef record;
        private boolean done;

        private Entry(RecordRef record) {
            this.record = record;
        }

        TopicPartition partition() {
            return record.partition();
        }
    }

    Entry track(RecordRef record) {
        Entry entry = new Entry(record);
        waiting.computeIfAbsent(record.partition(), partition -> new ArrayDeque<>()).addLast(entry);
        return entry;
    }

    /**
     * Marks the entries done and commits, per partition, the offset after the last record of the done prefix. Entries
     * of partitions forgotten since are ignored: their records will be read again by whoever owns them now.
     */
    void done(Collection<Entry> entries) {
        Set<TopicPartition> touched = new HashSet<>();
        for (Entry entry : entries) {
            entry.done = true;
            touched.add(entry.partition());
        }
        for (TopicPartition partition : touched) {
            Deque<Entry> queue = waiting.get(partition);
            Entry last = null;
            while (queue != null && !queue.isEmpty() && queue.peekFirst().done) {
                last = queue.pollFirst();
            }
            if (last != null) {
                try {
                    // Acknowledging one record commits its offset + 1: the whole done prefix at once.
                    last.record.acknowledgment().acknowledge();
                } catch (RuntimeException e) {
                    log.warn("Could not commit {} up to offset {} ({}); the records after the last commit will be "
                            + "mailed again after a restart", partition, last.record.offset(), e.getMessage());
                }
            }
        }
    }

    /** The partitions went to another consumer (or this one stops): what they held is not ours to commit any more. */
    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(waiting::remove);
    }

    int size() {
        return waiting.values().stream().mapToInt(Deque::size).sum();
    }
}
