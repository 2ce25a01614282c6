package io.hibobsync.localstack;

import static io.hibobsync.localstack.TestProcesses.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real broker, from the same {@code target/lib} the launcher uses, on free ports in a temporary folder. */
class KafkaBrokerTest {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final String TOPIC = "hibob-webhooks";
    private static final String EMPLOYEE_ID = "3332883884017713938";

    @TempDir
    Path dir;

    private final List<Supervisor> supervisors = new ArrayList<>();

    @AfterEach
    void stopBrokers() {
        supervisors.forEach(Supervisor::stopAll);
    }

    @Test
    void writes_one_kraft_node_on_loopback_that_never_creates_topics_on_demand() throws IOException {
        KafkaBroker broker = new KafkaBroker(dir.resolve("kafka"), dir.resolve("logs"), 29092, 29093, "unused");

        broker.writeServerProperties();

        Properties written = new Properties();
        try (InputStream in = Files.newInputStream(broker.serverProperties())) {
            written.load(in);
        }
        assertThat(broker.serverProperties()).isEqualTo(dir.resolve("kafka-server.properties"));
        assertThat(written)
                .containsEntry("auto.create.topics.enable", "false")
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:29093")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:29092,CONTROLLER://127.0.0.1:29093")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:29092")
                .containsEntry("log.dirs", dir.resolve("kafka").toString())
                .containsEntry("offsets.topic.replication.factor", "1");
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void formats_the_storage_once_and_keeps_records_across_a_restart() throws Exception {
        KafkaBroker broker = new KafkaBroker(dir.resolve("kafka"), dir.resolve("logs"), freePort(), freePort(),
                launcherClasspath());

        KafkaBroker.Started first = broker.start(newSupervisor(), START_TIMEOUT);

        assertThat(first.formatted()).isTrue();
        assertThat(broker.clusterIdFile()).content().isEqualToIgnoringWhitespace(first.clusterId());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(broker.logFile())
                .as("the broker logs through slf4j-simple").content().contains("Kafka Server started"));
        createTopic(broker);
        produce(broker, EMPLOYEE_ID, "{\"type\":\"employee.updated\"}");

        supervisors.get(0).stopAll();
        assertThat(first.process().isAlive()).isFalse();
        KafkaBroker.Started second = broker.start(newSupervisor(), START_TIMEOUT);

        assertThat(second.formatted()).isFalse();
        assertThat(second.clusterId()).isEqualTo(first.clusterId());
        assertThat(readAll(broker)).extracting(ConsumerRecord::key, ConsumerRecord::value)
                .containsExactly(tuple(EMPLOYEE_ID, "{\"type\":\"employee.updated\"}"));
    }

    private Supervisor newSupervisor() {
        Supervisor supervisor = new Supervisor(new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), dir, Duration.ofSeconds(10), Duration.ofSeconds(30));
        supervisors.add(supervisor);
        return supervisor;
    }

    /** What the launcher jar would give its broker: target/lib, copied before the tests run. */
    private static String launcherClasspath() throws URISyntaxException {
        Path classes = Path.of(StackSettings.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String classpath = StackSettings.childClasspathOf(classes);
        assertThat(classpath).as("target/lib from maven-dependency-plugin").endsWith("lib/*");
        return classpath;
    }

    private static void createTopic(KafkaBroker broker) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static void produce(KafkaBroker broker, String key, String value) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static List<ConsumerRecord<String, String>> readAll(KafkaBroker broker) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
                return !records.isEmpty();
            });
        }
        return records;
    }
}
