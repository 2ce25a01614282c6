package io.hibobsync.writer;

import static io.hibobsync.writer.Snapshot.employee;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hibobsync.contracts.ConfigurationAlert;
import io.hibobsync.contracts.HeldAction;
import io.hibobsync.contracts.SyncCommand;
import io.hibobsync.contracts.SyncOutcome;
import io.hibobsync.contracts.SyncOutcome.Action;
import io.hibobsync.contracts.Topics;
import io.hibobsync.kafka.test.KafkaTestBroker;
import io.hibobsync.kafka.test.TopicReader;
import io.hibobsync.simulator.docebo.DoceboSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The safety brake through Kafka: terminations beyond the hour's allowance are held on {@code sync-held} with
 * one alert; an approval on {@code sync-commands} applies exactly those and resolves the alert.
 */
@SpringBootTest
@DirtiesContext
class SafetyBrakeIntegrationTest {

    private static final KafkaTestBroker broker = KafkaTestBroker.shared();
    private static final DoceboSimulator docebo = DoceboSimulator.start(Map.of("DOCEBO_SIM_BATCH_PROCESSING_MS", 0));

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        WriterTestSupport.writerProperties(docebo, broker.bootstrapServers())
                .forEach((key, value) -> registry.add(key, () -> value));
        registry.add("writer.brake.max-count", () -> 3);
    }

    @AfterAll
    static void stopDocebo() {
        docebo.close();
    }

    @Test
    void holds_terminations_beyond_the_allowance_and_applies_exactly_the_approved_set() throws Exception {
        Instant start = Instant.now();
        List<String> staff = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            staff.add(String.valueOf(8882883854254930000L + i));
        }
        WriterTestSupport.publish(broker.bootstrapServers(), staff.stream()
                .map(id -> employee(id).readAt(start).build()).toArray(io.hibobsync.contracts.EmployeeSnapshot[]::new));
        staff.forEach(id -> assertThat(WriterTestSupport.outcomes(broker.bootstrapServers(), id, 1).get(0).action())
                .isEqualTo(Action.CREATED));

        WriterTestSupport.publish(broker.bootstrapServers(), staff.stream()
                .map(id -> employee(id).readAt(start.plusSeconds(5)).active(false, "Terminated").build())
                .toArray(io.hibobsync.contracts.EmployeeSnapshot[]::new));

        List<SyncOutcome> second = staff.stream()
                .map(id -> WriterTestSupport.outcomes(broker.bootstrapServers(), id, 2).get(1)).toList();
        assertThat(second).filteredOn(outcome -> outcome.action() == Action.DEACTIVATED).hasSize(3);
        List<String> heldIds = second.stream().filter(outcome -> outcome.action() == Action.HELD)
                .map(SyncOutcome::employeeId).toList();
        assertThat(heldIds).hasSize(5);
        Map<String, HeldAction> held = held();
        assertThat(held.keySet()).containsExactlyInAnyOrderElementsOf(heldIds);
        assertThat(alerts(alert -> alert.kind() == ConfigurationAlert.Kind.HELD)).singleElement()
                .satisfies(alert -> assertThat(alert.resolved()).isFalse());
        assertThat(docebo.users().stream().filter(user -> !user.active())).hasSize(3);

        publishCommand(new SyncCommand(UUID.randomUUID().toString(), SyncCommand.Kind.APPROVE_HELD, heldIds, "test",
                Instant.now()));

        await().atMost(Duration.ofSeconds(30)).until(() -> held().isEmpty());
        heldIds.forEach(id -> assertThat(WriterTestSupport.outcomes(broker.bootstrapServers(), id, 3).get(2).action())
                .isEqualTo(Action.DEACTIVATED));
        assertThat(docebo.users().stream().filter(user -> !user.active())).hasSize(8);
        await().atMost(Duration.ofSeconds(10)).until(() -> alerts(alert -> alert.kind() == ConfigurationAlert.Kind.HELD)
                .stream().anyMatch(ConfigurationAlert::resolved));
    }

    private static Map<String, HeldAction> held() {
        Map<String, HeldAction> held = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : TopicReader.read(broker.bootstrapServers(), Topics.SYNC_HELD,
                record -> true, 1000, Duration.ofSeconds(2))) {
            if (record.value() == null) {
                held.remove(record.key());
            } else {
                held.put(record.key(), WriterTestSupport.json.readValue(record.value(), HeldAction.class));
            }
        }
        return held;
    }

    private static List<ConfigurationAlert> alerts(Predicate<ConfigurationAlert> which) {
        return TopicReader.read(broker.bootstrapServers(), Topics.SYNC_ALERTS, record -> true, 1000,
                        Duration.ofSeconds(2)).stream()
                .map(record -> WriterTestSupport.json.readValue(record.value(), ConfigurationAlert.class))
                .filter(which).toList();
    }

    private static void publishCommand(SyncCommand command) throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.SYNC_COMMANDS, command.commandId(),
                    WriterTestSupport.json.writeValueAsBytes(command))).get(10, TimeUnit.SECONDS);
        }
    }
}
