package io.hibobsync.writer;

import static io.hibobsync.writer.Snapshot.employee;
import static io.hibobsync.writer.WriterTestSupport.outcomes;
import static org.assertj.core.api.Assertions.assertThat;

import io.hibobsync.contracts.SyncOutcome;
import io.hibobsync.contracts.SyncOutcome.Action;
import io.hibobsync.kafka.test.KafkaTestBroker;
import io.hibobsync.simulator.docebo.DoceboSimulator;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The writer's memory lives in Kafka: a restarted writer neither duplicates users nor forgets waiting links. */
class WriterRestartIntegrationTest {

    private static final KafkaTestBroker broker = KafkaTestBroker.shared();
    private static final DoceboSimulator docebo = DoceboSimulator.start(Map.of("DOCEBO_SIM_BATCH_PROCESSING_MS", 0));

    @AfterAll
    static void stopDocebo() {
        docebo.close();
    }

    @Test
    void remembers_users_and_waiting_manager_links_across_a_restart() {
        String manager = "3332883854254940001";
        String subordinate = "3332883854254940002";
        Instant readAt = Instant.now();

        try (ConfigurableApplicationContext writer = startWriter()) {
            WriterTestSupport.publish(broker.bootstrapServers(),
                    employee(subordinate).readAt(readAt).manager(manager, "employee." + manager + "@example.com").build());
            assertThat(outcomes(broker.bootstrapServers(), subordinate, 1).get(0).detail()).contains("waits until manager");
        }
        int usersBeforeRestart = docebo.users().size();

        try (ConfigurableApplicationContext restarted = startWriter()) {
            // The same snapshot again, as a replay would deliver it, and then the manager.
            WriterTestSupport.publish(broker.bootstrapServers(),
                    employee(subordinate).readAt(readAt).manager(manager, "employee." + manager + "@example.com").build(),
                    employee(manager).readAt(readAt).build());

            // Remembered, not created again: unchanged, or updated with the manager when both came in one poll.
            assertThat(outcomes(broker.bootstrapServers(), subordinate, 2).get(1).action())
                    .isIn(Action.UNCHANGED, Action.UPDATED);
            assertThat(outcomes(broker.bootstrapServers(), manager, 1).get(0).action()).isEqualTo(Action.CREATED);
        }
        assertThat(docebo.users()).as("only the manager is new").hasSize(usersBeforeRestart + 1);
        assertThat(docebo.user("employee." + subordinate + "@example.com").orElseThrow().directManager())
                .isEqualTo("employee." + manager + "@example.com");
    }

    private static ConfigurableApplicationContext startWriter() {
        Map<String, Object> properties = new HashMap<>(WriterTestSupport.writerProperties(docebo, broker.bootstrapServers()));
        properties.put("server.port", 0);
        properties.put("management.server.port", 0);
        // As command-line arguments: they outrank application.yml, as the environment would.
        return new SpringApplicationBuilder(DoceboWriterApplication.class).run(properties.entrySet().stream()
                .map(setting -> "--" + setting.getKey() + "=" + setting.getValue()).toArray(String[]::new));
    }
}
