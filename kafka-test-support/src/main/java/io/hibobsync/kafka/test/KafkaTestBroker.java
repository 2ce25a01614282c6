package io.hibobsync.kafka.test;

import java.util.Locale;
import org.apache.kafka.common.utils.AppInfoParser;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A real Kafka broker for integration tests, chosen by what the machine offers: Testcontainers' Kafka (the
 * official {@code apache/kafka} image) where a Docker engine answers, spring-kafka-test's embedded KRaft broker
 * otherwise. Either way the tests run against a real broker: nothing is skipped and nothing is mocked.
 * <p>
 * Topic auto-creation is off on both, as on a production cluster, so a test also proves that the service
 * declares its own topics. {@code -Dkafka.test.broker=embedded|testcontainers} (or the environment variable
 * {@code KAFKA_TEST_BROKER}) forces one kind.
 */
public abstract sealed class KafkaTestBroker implements AutoCloseable {

    private static KafkaTestBroker shared;

    /** The broker that every test of this JVM may share; started on first use, stopped when the JVM ends. */
    public static synchronized KafkaTestBroker shared() {
        if (shared == null) {
            shared = start();
            KafkaTestBroker broker = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-test-broker-shutdown"));
        }
        return shared;
    }

    /** A broker of the test's own, for a test that stops it. The caller closes it. */
    public static KafkaTestBroker start() {
        KafkaTestBroker broker = useTestcontainers() ? new ContainerBroker() : new EmbeddedBroker();
        System.out.printf("Kafka for tests: %s at %s%n", broker.kind(), broker.bootstrapServers());
        return broker;
    }

    public abstract String bootstrapServers();

    /** {@code testcontainers} or {@code embedded-kraft}: tests may print it, nothing should depend on it. */
    public abstract String kind();

    /** Stops the broker; clients that still use it see a broker outage. */
    @Override
    public abstract void close();

    private static boolean useTestcontainers() {
        String forced = System.getProperty("kafka.test.broker", System.getenv("KAFKA_TEST_BROKER"));
        if (forced != null && !forced.isBlank()) {
            return forced.trim().toLowerCase(Locale.ROOT).startsWith("testcontainers");
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError noDocker) {
            return false;
        }
    }

    private static final class EmbeddedBroker extends KafkaTestBroker {

        private final EmbeddedKafkaKraftBroker broker;

        EmbeddedBroker() {
            broker = new EmbeddedKafkaKraftBroker(1, 1);
            broker.brokerProperty("auto.create.topics.enable", "false");
            broker.afterPropertiesSet();
        }

        @Override
        public String bootstrapServers() {
            return broker.getBrokersAsString();
        }

        @Override
        public String kind() {
            return "embedded-kraft";
        }

        @Override
        public synchronized void close() {
            broker.destroy();
        }
    }

    private static final class ContainerBroker extends KafkaTestBroker {

        private final KafkaContainer container;

        ContainerBroker() {
            // The same Kafka version as the clients Spring Boot manages.
            container = new KafkaContainer(DockerImageName.parse("apache/kafka:" + AppInfoParser.getVersion()))
                    .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
            container.start();
        }

        @Override
        public String bootstrapServers() {
            return container.getBootstrapServers();
        }

        @Override
        public String kind() {
            return "testcontainers";
        }

        @Override
        public synchronized void close() {
            container.stop();
        }
    }
}
