package io.hibobsync.endtoend;

import io.hibobsync.contracts.SyncOutcome;
import io.hibobsync.contracts.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.json.JsonMapper;

/** Follows {@code docebo-sync-outcomes} from its beginning in a thread of its own, keeping every outcome. */
final class OutcomeCollector implements AutoCloseable {

    private static final JsonMapper json = JsonMapper.builder().build();

    private final List<SyncOutcome> outcomes = new CopyOnWriteArrayList<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private volatile RuntimeException failure;

    OutcomeCollector(String bootstrapServers) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "benchmark-outcomes-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.DOCEBO_SYNC_OUTCOMES, Duration.ofSeconds(30))
                .stream().map(info -> new TopicPartition(Topics.DOCEBO_SYNC_OUTCOMES, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(this::follow, "benchmark-outcomes");
        thread.setDaemon(true);
        thread.start();
    }

    private void follow() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    outcomes.add(json.readValue(record.value(), SyncOutcome.class));
                }
            }
        } catch (WakeupException closing) {
            // close() asked us to end
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    List<SyncOutcome> all() {
        if (failure != null) {
            throw new IllegalStateException("Reading docebo-sync-outcomes failed: " + failure.getMessage(), failure);
        }
        return List.copyOf(outcomes);
    }

    List<SyncOutcome> matching(Predicate<SyncOutcome> condition) {
        return all().stream().filter(condition).toList();
    }

    long count(Predicate<SyncOutcome> condition) {
        return all().stream().filter(condition).count();
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(10_000);
    }
}
