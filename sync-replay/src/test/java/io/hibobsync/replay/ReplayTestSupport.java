package io.hibobsync.replay;

import static org.awaitility.Awaitility.await;

import io.hibobsync.contracts.DeadLetterHeaders;
import io.hibobsync.contracts.Topics;
import io.hibobsync.kafka.test.KafkaTestBroker;
import io.hibobsync.kafka.test.TopicReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

/**
 * What the tests of the commands share: a real broker, fresh topics per test, records on them, and dead letters
 * written exactly as the services write them — by spring-kafka's {@link DeadLetterPublishingRecoverer} with the
 * services' destination ({@code <topic>-dlt}, same partition) and headers ({@link DeadLetterHeaders}).
 */
final class ReplayTestSupport {

    static final int PARTITIONS = 3;
    static final Duration WAIT = Duration.ofSeconds(20);

    private ReplayTestSupport() {
    }

    static String bootstrapServers() {
        return KafkaTestBroker.shared().bootstrapServers();
    }

    /** A topic of {@link #PARTITIONS} partitions and its dead-letter topic, with names no other test uses. */
    static String createTopicWithDeadLetters(String prefix) throws Exception {
        String topic = uniqueName(prefix);
        createTopic(topic, PARTITIONS);
        createTopic(Topics.deadLetterTopicOf(topic), PARTITIONS);
        return topic;
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Creates the topic and waits until the broker describes it: created means the controller has it, and a broker
     * may learn of it a moment later (a command asking at once would be told "no such topic").
     */
    static void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
            await().atMost(WAIT).ignoreExceptions().until(() -> admin.describeTopics(List.of(name)).allTopicNames()
                    .get(10, TimeUnit.SECONDS).get(name).partitions().size() == partitions);
        }
    }

    /** Publishes bare bytes: no headers, the partition chosen by the key when {@code partition} is null. */
    static void publishRaw(String topic, Integer partition, String key, String value) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, partition, key, bytes(value))).get(30, TimeUnit.SECONDS);
        }
    }

    /** Publishes a record as a service would, on the given partition and with the given timestamp (or now). */
    static ConsumerRecord<String, byte[]> publish(String topic, int partition, String key, String value,
            Instant timestamp, Headers headers) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            RecordMetadata sent = producer.send(new ProducerRecord<>(topic, partition,
                    timestamp == null ? null : timestamp.toEpochMilli(), key, bytes(value), headers))
                    .get(30, TimeUnit.SECONDS);
            // Read it back: the dead-letter recoverer gets what a listener would have got.
            return TopicReader.read(bootstrapServers(), topic, record -> record.partition() == sent.partition()
                    && record.offset() == sent.offset(), 1, WAIT).get(0);
        }
    }

    static ConsumerRecord<String, byte[]> publish(String topic, int partition, String employeeId, String value)
            throws Exception {
        RecordHeaders headers = new RecordHeaders();
        headers.add("hibob-delivery-id", bytes("delivery-" + employeeId));
        return publish(topic, partition, employeeId, value, null, headers);
    }

    /** Dead-letters {@code record} as docebo-writer-service does when it gives up: cause and stage in headers. */
    static void deadLetter(ConsumerRecord<String, byte[]> record, RuntimeException cause) {
        deadLetter(record, cause, null);
    }

    /** The same, with the dead letter's timestamp set (spring-kafka otherwise stamps it "now"). */
    static void deadLetter(ConsumerRecord<String, byte[]> record, RuntimeException cause, Instant deadLetteredAt) {
        DefaultKafkaProducerFactory<String, byte[]> factory = new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(factory);
        try {
            DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template,
                    (failed, exception) -> new TopicPartition(Topics.deadLetterTopicOf(failed.topic()), failed.partition())) {
                @Override
                protected ProducerRecord<Object, Object> createProducerRecord(ConsumerRecord<?, ?> failed,
                        TopicPartition destination, Headers headers, byte[] key, byte[] value) {
                    ProducerRecord<Object, Object> made = super.createProducerRecord(failed, destination, headers, key, value);
                    return deadLetteredAt == null ? made : new ProducerRecord<>(made.topic(), made.partition(),
                            deadLetteredAt.toEpochMilli(), made.key(), made.value(), made.headers());
                }
            };
            recoverer.setHeadersFunction((failed, exception) -> {
                RecordHeaders headers = new RecordHeaders();
                headers.add(DeadLetterHeaders.FAILED_STAGE, bytes("docebo-writer-service"));
                headers.add(DeadLetterHeaders.EMPLOYEE_ID, bytes(String.valueOf(failed.key())));
                return headers;
            });
            recoverer.accept(record, new ListenerExecutionFailedException("Listener method threw an exception", cause));
        } finally {
            factory.destroy();
        }
    }

    /** Every record of {@code topic}, read from the beginning, at least {@code count} of them. */
    static List<ConsumerRecord<String, byte[]>> records(String topic, int count) {
        return TopicReader.read(bootstrapServers(), topic, record -> true, count, WAIT);
    }

    /** The keys of the headers of a record. */
    static List<String> headerKeys(ConsumerRecord<?, ?> record) {
        List<String> keys = new ArrayList<>();
        record.headers().forEach(header -> keys.add(header.key()));
        return keys;
    }

    static String header(ConsumerRecord<?, ?> record, String key) {
        var header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Runs the command line as a person would, against the test broker unless the arguments say otherwise. */
    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SyncReplay.run(Arrays.asList(args), Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        Run run = new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        System.out.println("sync-replay " + String.join(" ", args) + " -> " + code + "\n" + run.out + run.err);
        return run;
    }

    /** What one run of the command line did. */
    record Run(int exitCode, String out, String err) {
    }
}
