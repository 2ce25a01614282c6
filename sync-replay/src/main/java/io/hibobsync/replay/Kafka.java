package io.hibobsync.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka clients the commands use, all on raw bytes (records are moved, never re-encoded), the ways they read
 * (a topic up to where it ends now, or what follows a point), and the one way they wait for the broker: at most
 * {@link #TIMEOUT}, then a clear "did not answer".
 */
final class Kafka implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String CLIENT_ID = "sync-replay";
    private static final Duration POLL = Duration.ofMillis(200);

    private final String bootstrapServers;
    private final Admin admin;

    Kafka(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        Map<String, Object> config = common();
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis() / 2);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        this.admin = Admin.create(config);
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    Admin admin() {
        return admin;
    }

    /** A consumer without a group: it is assigned partitions, seeks, and never commits anything. */
    private KafkaConsumer<byte[], byte[]> reader() {
        Map<String, Object> config = common();
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        config.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis() / 2);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** As the services publish: every replica acknowledges, and a retry never duplicates or reorders a record. */
    KafkaProducer<byte[], byte[]> writer() {
        Map<String, Object> config = common();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, TIMEOUT.toMillis());
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis() * 2);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The topic's partitions; an unknown topic is the user's mistake ({@link UsageException}). */
    TopicDescription describe(String topic) {
        try {
            return await(admin.describeTopics(List.of(topic)).allTopicNames(), "describe topic " + topic).get(topic);
        } catch (RefusedException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new UsageException("Kafka at " + bootstrapServers + " has no topic '" + topic + "'");
            }
            throw e;
        }
    }

    /**
     * The partitions of {@code topic}, or none when Kafka has no such topic: for topics a service creates only once it
     * needs them, where "no topic" means "nothing there yet". Never creates it.
     */
    List<TopicPartition> partitionsIfAny(String topic) {
        try {
            return await(admin.describeTopics(List.of(topic)).allTopicNames(), "describe topic " + topic).get(topic)
                    .partitions().stream().map(info -> new TopicPartition(topic, info.partition())).toList();
        } catch (RefusedException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return List.of();
            }
            throw e;
        }
    }

    /**
     * Reads {@code partitions} from {@code from} on (the first record at or after that time; {@code null}: from their
     * beginning) up to the end offsets they have now, handing each record before those ends to {@code each}; what is
     * published meanwhile is not waited for. Returns those end offsets: a {@link #follow} from them reads what comes
     * after.
     */
    Map<TopicPartition, Long> readToEnd(List<TopicPartition> partitions, Instant from,
            Consumer<ConsumerRecord<byte[], byte[]>> each) {
        try (KafkaConsumer<byte[], byte[]> consumer = reader()) {
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
            Map<TopicPartition, Long> starts = starts(consumer, partitions, from, ends);
            List<TopicPartition> pending = new ArrayList<>();
            for (TopicPartition partition : partitions) {
                if (starts.get(partition) < ends.get(partition)) {
                    consumer.seek(partition, starts.get(partition));
                    pending.add(partition);
                }
            }
            consumer.assign(pending);
            long idleSince = System.nanoTime();
            while (!pending.isEmpty()) {
                var records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    idleSince = System.nanoTime();
                }
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                        each.accept(record);
                    }
                }
                if (pending.removeIf(partition -> consumer.position(partition, TIMEOUT) >= ends.get(partition))) {
                    consumer.assign(pending);
                }
                if (!pending.isEmpty() && System.nanoTime() - idleSince > TIMEOUT.toNanos()) {
                    throw new RefusedException(notAnswering("read " + pending));
                }
            }
            return ends;
        }
    }

    private static Map<TopicPartition, Long> starts(KafkaConsumer<byte[], byte[]> consumer,
            List<TopicPartition> partitions, Instant from, Map<TopicPartition, Long> ends) {
        if (from == null) {
            return consumer.beginningOffsets(partitions, TIMEOUT);
        }
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(partition -> query.put(partition, from.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, TIMEOUT);
        Map<TopicPartition, Long> starts = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp first = found.get(partition);
            starts.put(partition, first == null ? ends.get(partition) : first.offset());
        }
        return starts;
    }

    /** Where {@code partitions} end now: taken before publishing, a {@link #follow} from here sees what answers it. */
    Map<TopicPartition, Long> endOffsets(List<TopicPartition> partitions) {
        try (KafkaConsumer<byte[], byte[]> consumer = reader()) {
            return consumer.endOffsets(partitions, TIMEOUT);
        }
    }

    /**
     * Reads on from {@code from} (an offset per partition), handing each poll's records to {@code polled}, until
     * {@code done} or once {@code wait} has passed, whichever comes first.
     */
    void follow(Map<TopicPartition, Long> from, Duration wait, BooleanSupplier done,
            Consumer<ConsumerRecords<byte[], byte[]>> polled) {
        if (from.isEmpty()) {
            return;
        }
        try (KafkaConsumer<byte[], byte[]> consumer = reader()) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            long deadline = System.nanoTime() + wait.toNanos();
            while (!done.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                polled.accept(consumer.poll(Duration.ofNanos(Math.min(left, POLL.toNanos()))));
            }
        }
    }

    /**
     * Publishes {@code what} (e.g. "the command") through an idempotent acks=all producer and returns once the broker
     * has it. A refusal is a {@link RefusedException} that ends with {@code ifRefused}; no answer, one that says
     * whether it was taken is unknown and then {@code ifUnknown}.
     */
    RecordMetadata publish(ProducerRecord<byte[], byte[]> record, String what, String ifRefused, String ifUnknown) {
        try (KafkaProducer<byte[], byte[]> producer = writer()) {
            return producer.send(record).get(TIMEOUT.toMillis() * 2 + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new RefusedException("Kafka did not take " + what + " on " + record.topic() + ": "
                    + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()) + ". " + ifRefused,
                    e.getCause());
        } catch (TimeoutException e) {
            throw new RefusedException(notAnswering("publish " + what + " on " + record.topic())
                    + " Whether it was taken is unknown: " + ifUnknown, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RefusedException("Interrupted while publishing " + what + "; whether it was taken is unknown: "
                    + ifUnknown, e);
        }
    }

    /** The value of an admin call, or a {@link RefusedException} that says what failed and why. */
    <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new RefusedException(notAnswering(what), cause);
            }
            throw new RefusedException("Could not " + what + ": " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new RefusedException(notAnswering(what), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RefusedException("Interrupted while trying to " + what, e);
        }
    }

    String notAnswering(String what) {
        return "Kafka at " + bootstrapServers + " did not answer within " + TIMEOUT.toSeconds() + " s (" + what
                + "). Is the broker running? Give its address with --bootstrap-servers or KAFKA_BOOTSTRAP_SERVERS.";
    }

    private Map<String, Object> common() {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, CLIENT_ID);
        return config;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
