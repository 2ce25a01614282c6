package io.hibobsync.notifier.kafka;

import io.hibobsync.notifier.digest.Outbox;
import io.hibobsync.notifier.digest.RecordRef;
import java.util.Collection;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

/**
 * Reads every dead-letter topic ({@code *-dlt}, group {@code NOTIFIER_GROUP_ID}) and hands each record to the
 * {@link Outbox} with its acknowledgment: the offset is committed by the outbox once the record's mail was sent, not
 * here. The listener never blocks and never throws, so the consumer keeps polling whatever SMTP does.
 */
@Component
class DeadLetterListener implements ConsumerSeekAware {

    static final String ID = "notifier-dead-letters";

    private final DeadLetterReader reader;
    private final Outbox outbox;

    DeadLetterListener(DeadLetterReader reader, Outbox outbox) {
        this.reader = reader;
        this.outbox = outbox;
    }

    @KafkaListener(id = ID, topicPattern = ".*-dlt", groupId = "${notifier.group-id}")
    void onDeadLetter(ConsumerRecord<String, byte[]> record, Acknowledgment acknowledgment) {
        outbox.failure(reader.read(record),
                new RecordRef(new TopicPartition(record.topic(), record.partition()), record.offset(), acknowledgment));
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        outbox.revoked(partitions);
    }
}
