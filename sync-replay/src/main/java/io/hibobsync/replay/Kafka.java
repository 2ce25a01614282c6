package io.hibobsync.replay;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka clients the commands use, all on raw bytes (records are moved, never re-encoded), and the one way
 * they wait for the broker: at most {@link #TIMEOUT}, then a clear "did not answer".
 */
final class Kafka implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String CLIENT_ID = "sync-replay";

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
    KafkaConsumer<byte[], byte[]> reader() {
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
