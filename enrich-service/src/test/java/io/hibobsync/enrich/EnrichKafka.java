package io.hibobsync.enrich;

import io.hibobsync.contracts.ConfigurationAlert;
import io.hibobsync.contracts.EmployeeSnapshot;
import io.hibobsync.contracts.RunEnd;
import io.hibobsync.contracts.SyncCommand;
import io.hibobsync.contracts.Topics;
import io.hibobsync.kafka.test.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The test's side of the broker: puts webhooks on {@code hibob-webhooks} as ingest-service does (raw bytes,
 * receipt headers, employee id as key) and reads what enrich-service published.
 */
final class EnrichKafka implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String bootstrapServers;
    private final KafkaProducer<String, byte[]> producer;

    EnrichKafka(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    /** A webhook received now, acknowledged by the broker. */
    Sent send(String type, String employeeId) {
        return send(TestWebhooks.event(type, employeeId), employeeId, type);
    }

    Sent send(byte[] body, String key, String type) {
        Instant receivedAt = Instant.now();
        var record = new ProducerRecord<>(Topics.HIBOB_WEBHOOKS, key, body);
        TestWebhooks.addReceiptHeaders(record.headers(), body, type, receivedAt);
        try {
            producer.send(record).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("Kafka did not take the test webhook", e);
        }
        return new Sent(TestWebhooks.deliveryId(body), receivedAt, body, key);
    }

    /** The snapshot answering this delivery, once enrich-service has published it. */
    EmployeeSnapshot awaitSnapshot(Sent webhook) {
        List<EmployeeSnapshot> found = snapshots(snapshot -> webhook.deliveryId().equals(snapshot.deliveryId()), 1,
                WAIT);
        if (found.isEmpty()) {
            throw new AssertionError("No snapshot for delivery " + webhook.deliveryId() + " within " + WAIT);
        }
        return found.get(0);
    }

    List<EmployeeSnapshot> snapshots(Predicate<EmployeeSnapshot> matching, int atLeast, Duration timeout) {
        return TopicReader.read(bootstrapServers, Topics.HIBOB_EMPLOYEES,
                record -> !isRunEnd(record) && matching.test(snapshot(record)), atLeast, timeout).stream()
                .map(EnrichKafka::snapshot).toList();
    }

    /** A full sync's end marker on {@code hibob-employees}, not a snapshot. */
    static boolean isRunEnd(ConsumerRecord<String, byte[]> record) {
        return record.headers().lastHeader(RunEnd.HEADER) != null;
    }

    /** An administrator's command on {@code sync-commands}, keyed by its id, as the command line sends it. */
    void sendCommand(SyncCommand command) {
        try {
            producer.send(new ProducerRecord<>(Topics.SYNC_COMMANDS, command.commandId(),
                    JSON.writeValueAsBytes(command))).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("Kafka did not take the test command", e);
        }
    }

    /** Every snapshot of the employee published so far, in publishing order. */
    List<EmployeeSnapshot> snapshotsOf(String employeeId) {
        return readAll(Topics.HIBOB_EMPLOYEES).stream()
                .filter(record -> employeeId.equals(record.key()) && !isRunEnd(record))
                .sorted((a, b) -> Long.compare(a.offset(), b.offset()))
                .map(EnrichKafka::snapshot)
                .toList();
    }

    /** The dead letter of this webhook, once it is there. */
    ConsumerRecord<String, byte[]> awaitDeadLetter(Sent webhook) {
        List<ConsumerRecord<String, byte[]>> found = TopicReader.read(bootstrapServers,
                Topics.deadLetterTopicOf(Topics.HIBOB_WEBHOOKS),
                record -> java.util.Arrays.equals(webhook.body(), record.value()), 1, WAIT);
        if (found.isEmpty()) {
            throw new AssertionError("No dead letter for delivery " + webhook.deliveryId() + " within " + WAIT);
        }
        return found.get(0);
    }

    List<ConsumerRecord<String, byte[]>> deadLettersOf(String employeeId) {
        return readAll(Topics.deadLetterTopicOf(Topics.HIBOB_WEBHOOKS)).stream()
                .filter(record -> employeeId.equals(record.key()))
                .toList();
    }

    List<ConfigurationAlert> alerts() {
        return readAll(Topics.SYNC_ALERTS).stream()
                .map(record -> JSON.readValue(record.value(), ConfigurationAlert.class))
                .toList();
    }

    List<ConfigurationAlert> awaitAlerts(Predicate<ConfigurationAlert> matching, int atLeast) {
        return TopicReader.read(bootstrapServers, Topics.SYNC_ALERTS,
                        record -> matching.test(JSON.readValue(record.value(), ConfigurationAlert.class)), atLeast, WAIT)
                .stream().map(record -> JSON.readValue(record.value(), ConfigurationAlert.class)).toList();
    }

    /** Everything on the topic right now: read up to the end offsets, no waiting for more. */
    List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-read-all-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, WAIT).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions, WAIT));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    int partitionsOf(String topic) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-partitions-" + UUID.randomUUID());
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            return consumer.partitionsFor(topic, WAIT).size();
        }
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static EmployeeSnapshot snapshot(ConsumerRecord<String, byte[]> record) {
        return JSON.readValue(record.value(), EmployeeSnapshot.class);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    /** A webhook as put on the topic. */
    record Sent(String deliveryId, Instant receivedAt, byte[] body, String key) {
    }
}
