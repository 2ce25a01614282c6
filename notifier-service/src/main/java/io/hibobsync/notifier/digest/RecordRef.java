package io.hibobsync.notifier.digest;

import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.support.Acknowledgment;

/** A record the outbox holds, and how to commit its offset once its mail is out. */
public record RecordRef(TopicPartition partition, long offset, Acknowledgment acknowledgment) {
}
