package io.hibobsync.enrich.kafka;

import io.hibobsync.contracts.RunEnd;
import io.hibobsync.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * The {@link RunEnd} markers of a full sync on {@code hibob-employees}: one on every partition, with an explicit
 * partition, key {@code run:<runId>} and the header {@link RunEnd#HEADER} (the run id), published only once every
 * snapshot of the run is acknowledged, so each marker comes after its partition's snapshots. They are also this
 * service's durable record that a run is done: a run whose markers are on every partition is not run again.
 */
@Component
class RunMarkers {

    /** A command's record may carry the clock of the host that sent it: look that much earlier for its markers. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CHECK_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(RunMarkers.class);

    /** Whether a run is done, as far as {@code hibob-employees} tells. */
    enum Check {
        /** Its marker is on every partition. */
        DONE,
        /** A partition has none. */
        NOT_DONE,
        /** Not found out within {@link #CHECK_TIMEOUT}. */
        UNKNOWN
    }

    private final KafkaTemplate<String, Object> kafka;
    private final ConsumerFactory<?, ?> consumers;

    RunMarkers(KafkaTemplate<String, Object> kafka, ConsumerFactory<?, ?> consumers) {
        this.kafka = kafka;
        this.consumers = consumers;
    }

    static String key(String runId) {
        return "run:" + runId;
    }

    /** How many partitions {@code hibob-employees} has now. */
    int partitions() {
        List<PartitionInfo> partitions = kafka.partitionsFor(Topics.HIBOB_EMPLOYEES);
        if (partitions == null || partitions.isEmpty()) {
            throw new IllegalStateException("Kafka does not know the partitions of " + Topics.HIBOB_EMPLOYEES);
        }
        return partitions.size();
    }

    /** Publishes one marker per partition (the employee ids published there) and waits until Kafka has them all. */
    void publish(String runId, boolean plan, int partitions, Map<Integer, List<String>> idsByPartition, int total,
            Instant readAt) {
        long deadline = System.nanoTime() + ACK_TIMEOUT.toNanos();
        List<CompletableFuture<SendResult<String, Object>>> sent = new ArrayList<>();
        for (int partition = 0; partition < partitions; partition++) {
            RunEnd marker = new RunEnd(runId, plan, partition, partitions,
                    idsByPartition.getOrDefault(partition, List.of()), total, readAt);
            var record = new ProducerRecord<String, Object>(Topics.HIBOB_EMPLOYEES, partition, key(runId), marker);
            record.headers().add(RunEnd.HEADER, runId.getBytes(StandardCharsets.UTF_8));
            try {
                sent.add(kafka.send(record));
            } catch (RuntimeException e) {
                sent.add(CompletableFuture.failedFuture(e));
            }
        }
        for (int partition = 0; partition < partitions; partition++) {
            try {
                sent.get(partition).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RunNotPublishedException("Interrupted while publishing the end of full sync " + runId, e);
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                throw new RunNotPublishedException("Kafka did not acknowledge the end of full sync " + runId + " on "
                        + Topics.HIBOB_EMPLOYEES + "-" + partition + ": " + cause.getMessage(), cause);
            }
        }
    }

    /**
     * Whether the markers of {@code runId} are on every partition of {@code hibob-employees}, looking at the records
     * from {@code since} on (the command's time less {@link #CLOCK_SKEW}: nothing of the run can come before). Reads
     * each partition from there until its marker or its end, whichever is first, and stops at the first partition
     * without one; only the headers are looked at.
     */
    @SuppressWarnings("unchecked")
    Check check(String runId, Instant since) {
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        overrides.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        long deadline = System.nanoTime() + CHECK_TIMEOUT.toNanos();
        // Assigned, never subscribed, never committing: no consumer group is joined or changed.
        try (Consumer<String, byte[]> consumer = (Consumer<String, byte[]>) consumers.createConsumer(null,
                "enrich-run-check", null, overrides)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.HIBOB_EMPLOYEES, KAFKA_TIMEOUT).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            // Assigned before the offsets are asked for: the client updates what it knows of assigned ones only.
            consumer.assign(partitions);
            Map<TopicPartition, Long> at = new HashMap<>();
            partitions.forEach(partition -> at.put(partition, since.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> from = consumer.offsetsForTimes(at, KAFKA_TIMEOUT);
            for (TopicPartition partition : partitions) {
                if (from.get(partition) == null) {
                    // Nothing written there since: no marker either.
                    return Check.NOT_DONE;
                }
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, KAFKA_TIMEOUT);
            partitions.forEach(partition -> consumer.seek(partition, from.get(partition).offset()));
            Set<TopicPartition> missing = new HashSet<>(partitions);
            while (!missing.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    log.warn("Could not tell within {} whether full sync {} was run already: {} of {} partition(s) of "
                            + "{} not read to the end since {}", RetryPolicy.human(CHECK_TIMEOUT), runId,
                            missing.size(), partitions.size(), Topics.HIBOB_EMPLOYEES, since);
                    return Check.UNKNOWN;
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (missing.contains(partition) && marks(record, runId)) {
                        missing.remove(partition);
                        consumer.pause(List.of(partition));
                    }
                }
                for (TopicPartition partition : missing) {
                    if (consumer.position(partition, KAFKA_TIMEOUT) >= ends.get(partition)) {
                        return Check.NOT_DONE;
                    }
                }
            }
            return Check.DONE;
        }
    }

    private static boolean marks(ConsumerRecord<String, byte[]> record, String runId) {
        Header header = record.headers().lastHeader(RunEnd.HEADER);
        return header != null && header.value() != null
                && runId.equals(new String(header.value(), StandardCharsets.UTF_8));
    }

    /** Kafka did not acknowledge a record of the run in time: transient, the command is run again. */
    static class RunNotPublishedException extends RuntimeException {
        RunNotPublishedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
