package io.hibobsync.replay;

import static org.awaitility.Awaitility.await;

import io.hibobsync.contracts.DeadLetterHeaders;
import io.hibobsync.contracts.SyncCommand;
import io.hibobsync.contracts.Topics;
import io.hibobsync.kafka.test.KafkaTestBroker;
import io.hibobsync.kafka.test.TopicReader;
import io.hibobsync.replay.SyncReplay.Wiring;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the tests of the commands share: a real broker, fresh topics per test, records on them, dead letters
 * written exactly as the services write them — by spring-kafka's {@link DeadLetterPublishingRecoverer} with the
 * services' destination ({@code <topic>-dlt}, same partition) and headers ({@link DeadLetterHeaders}) — stand-in
 * services that answer a command, and the command line run as a person would.
 */
final class ReplayTestSupport {

    static final int PARTITIONS = 3;
    static final Duration WAIT = Duration.ofSeconds(20);
    /** JSON as the services write it (Jackson 3: java.time as ISO-8601). */
    static final JsonMapper JSON = JsonMapper.builder().build();

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

    static void createTopic(String name, int partitions) throws Exception {
        create(new NewTopic(name, partitions, (short) 1));
    }

    /** A topic the way {@code sync-held} is: compacted, the latest value per key counting. */
    static void createCompactedTopic(String name, int partitions) throws Exception {
        create(new NewTopic(name, partitions, (short) 1).configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                TopicConfig.CLEANUP_POLICY_COMPACT)));
    }

    /**
     * Creates the topic and waits until the broker describes it: created means the controller has it, and a broker
     * may learn of it a moment later (a command asking at once would be told "no such topic").
     */
    private static void create(NewTopic topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            await().atMost(WAIT).ignoreExceptions().until(() -> admin.describeTopics(List.of(topic.name()))
                    .allTopicNames().get(10, TimeUnit.SECONDS).get(topic.name()).partitions().size()
                    == topic.numPartitions());
        }
    }

    /** Publishes {@code record} as a service would (acks=all) and returns once the broker has it. */
    static RecordMetadata send(ProducerRecord<String, byte[]> record) throws Exception {
        return SharedProducer.PRODUCER.send(record).get(30, TimeUnit.SECONDS);
    }

    /** Publishes bare bytes: no headers, the partition chosen by the key when {@code partition} is null. */
    static void publishRaw(String topic, Integer partition, String key, String value) throws Exception {
        send(new ProducerRecord<>(topic, partition, key, bytes(value)));
    }

    /** Publishes a record as a service would, on the given partition and with the given timestamp (or now). */
    static ConsumerRecord<String, byte[]> publish(String topic, int partition, String key, String value,
            Instant timestamp, Headers headers) throws Exception {
        RecordMetadata sent = send(new ProducerRecord<>(topic, partition,
                timestamp == null ? null : timestamp.toEpochMilli(), key, bytes(value), headers));
        // Read it back: the dead-letter recoverer gets what a listener would have got.
        return TopicReader.read(bootstrapServers(), topic, record -> record.partition() == sent.partition()
                && record.offset() == sent.offset(), 1, WAIT).get(0);
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

    /**
     * A stand-in service: reads the next command published on {@code commandsTopic} from now on (the command line
     * runs after this returns) and, in the background, hands it to {@code answer}; the future is that command.
     */
    static CompletableFuture<SyncCommand> answerNextCommand(String commandsTopic, CommandAnswer answer) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()), new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(commandsTopic, WAIT).stream()
                .map(info -> new TopicPartition(commandsTopic, info.partition())).toList();
        consumer.assign(partitions);
        // The end offsets now, not at the first poll: the command line's command may come before that.
        consumer.endOffsets(partitions, WAIT).forEach(consumer::seek);
        return CompletableFuture.supplyAsync(() -> {
            try (consumer) {
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (System.nanoTime() < deadline) {
                    ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                    if (!records.isEmpty()) {
                        SyncCommand command = JSON.readValue(records.iterator().next().value(), SyncCommand.class);
                        answer.answer(command);
                        return command;
                    }
                }
                throw new IllegalStateException("no command came on " + commandsTopic);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, ReplayTestSupport::inItsOwnThread);
    }

    /** A stand-in waits most of its time: in the common pool (one thread on a small machine) it would hold up others. */
    private static void inItsOwnThread(Runnable standIn) {
        Thread thread = new Thread(standIn, "stand-in-service");
        thread.setDaemon(true);
        thread.start();
    }

    /** What a stand-in service does with the command it read. */
    @FunctionalInterface
    interface CommandAnswer {
        void answer(SyncCommand command) throws Exception;
    }

    /** Runs the command line as a person would on the real topics, against the test broker unless the arguments say. */
    static Run run(String... args) {
        return new CommandLine(Wiring.real(false)).run(args);
    }

    /**
     * One run of the command line on the topics {@code wiring} names, whose output can be watched while it runs: a
     * stand-in service waits on it to answer at the pace a person would see.
     */
    static final class CommandLine {

        private final Wiring wiring;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();

        CommandLine(Wiring wiring) {
            this.wiring = wiring;
        }

        Run run(String... args) {
            int code = SyncReplay.run(Arrays.asList(args), Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers()),
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), wiring);
            Run run = new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
            System.out.println("sync-replay " + String.join(" ", args) + " -> " + code + "\n" + run.out + run.err);
            return run;
        }

        /** Waits until the command line has printed {@code text} on stdout. */
        void awaitPrinted(String text) {
            await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                    .until(() -> out.toString(StandardCharsets.UTF_8).contains(text));
        }
    }

    /** What one run of the command line did. */
    record Run(int exitCode, String out, String err) {
    }

    /** One producer for every test of this JVM, made on first use and left open as long as the shared broker. */
    private static final class SharedProducer {
        static final KafkaProducer<String, byte[]> PRODUCER = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer());
    }
}
