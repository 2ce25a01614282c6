package io.hibobsync.notifier.kafka;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.ConsumerSeekAware.ConsumerSeekCallback;

/**
 * For a listener whose memory (open incidents, runs in progress) is the topic itself: on assignment, a partition
 * this group has read before is read again from its first record, and the records before the committed position,
 * handled by an earlier consumer, rebuild the memory without being mailed again. One per listener, on its consumer
 * thread.
 */
final class ReadAgainFromStart {

    // Per partition, the committed offset found on assignment: records before it were handled before.
    private final Map<TopicPartition, Long> handledBefore = new HashMap<>();

    /** From {@code ConsumerSeekAware.onPartitionsAssigned}: seeks back what was read before. */
    void assigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        assignments.forEach((partition, position) -> {
            if (position != null && position > 0) {
                handledBefore.put(partition, position);
                callback.seekToBeginning(partition.topic(), partition.partition());
            }
        });
    }

    /** Whether an earlier consumer of the group handled this record: it only rebuilds the memory. */
    boolean handledBefore(ConsumerRecord<?, ?> record) {
        Long committed = handledBefore.get(new TopicPartition(record.topic(), record.partition()));
        return committed != null && record.offset() < committed;
    }

    void revoked(Collection<TopicPartition> partitions) {
        partitions.forEach(handledBefore::remove);
    }
}
