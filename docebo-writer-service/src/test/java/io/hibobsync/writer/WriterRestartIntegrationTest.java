package io.hibobsync.writer;

import static io.hibobsync.writer.Snapshot.employee;
import static io.hibobsync.writer.WriterTestSupport.outcomes;
import static org.assertj.core.api.Assertions.assertThat;

import io.hibobsync.contracts.EmployeeSnapshot;
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

/**
 * The writer's memory lives in Kafka: a restarted writer neither duplicates users, nor forgets who owns which user,
 * which employees were deleted, or the manager links still waiting.
 */
class WriterRestartIntegrationTest {

    private static final KafkaTestBroker broker = KafkaTestBroker.shared();
    private static final DoceboSimulator docebo = DoceboSimulator.start(Map.of("DOCEBO_SIM_BATCH_PROCESSING_MS", 0));

    @AfterAll
    static void stopDocebo() {
        docebo.close();
    }

    @Test
    void remembers_users_owners_deletions_and_waiting_manager_links_across_a_restart() {
        String manager = "3332883854254940001";
        String subordinate = "3332883854254940002";
        String leaver = "3332883854254940003";
        String duplicate = "3332883854254940004";
        Instant readAt = Instant.now();

        try (ConfigurableApplicationContext writer = startWriter()) {
            WriterTestSupport.publish(broker.bootstrapServers(),
                    employee(subordinate).readAt(readAt).manager(manager, "employee." + manager + "@example.com").build(),
                    employee(leaver).readAt(readAt).build());
            assertThat(outcomes(broker.bootstrapServers(), subordinate, 1).get(0).detail()).contains("waits until manager");
            assertThat(outcomes(broker.bootstrapServers(), leaver, 1).get(0).action()).isEqualTo(Action.CREATED);
            WriterTestSupport.publish(broker.bootstrapServers(), EmployeeSnapshot.deletion(leaver,
                    "employee." + leaver + "@example.com", "deletion-" + leaver, readAt.plusSeconds(1),
                    readAt.plusSeconds(1)));
            assertThat(outcomes(broker.bootstrapServers(), leaver, 2).get(1).action()).isEqualTo(Action.DELETED);
        }
        int usersBeforeRestart = docebo.users().size();

        try (ConfigurableApplicationContext restarted = startWriter()) {
            // The same snapshots again, as a replay would deliver them, and then the manager.
            WriterTestSupport.publish(broker.bootstrapServers(),
                    employee(subordinate).readAt(readAt).manager(manager, "employee." + manager + "@example.com").build(),
                    employee(leaver).readAt(readAt).build(),
                    employee(manager).readAt(readAt).build());
            // A duplicate HiBob profile of the subordinate: the restarted writer knows who owns that user.
            WriterTestSupport.publish(broker.bootstrapServers(), employee(duplicate).readAt(readAt)
                    .email("employee." + subordinate + "@example.com").build());

            // Remembered, not created again: unchanged, or updated with the manager when both came in one poll.
            assertThat(outcomes(broker.bootstrapServers(), subordinate, 2).get(1).action())
                    .isIn(Action.UNCHANGED, Action.UPDATED);
            assertThat(outcomes(broker.bootstrapServers(), manager, 1).get(0).action()).isEqualTo(Action.CREATED);
            SyncOutcome replayedLeaver = outcomes(broker.bootstrapServers(), leaver, 3).get(2);
            assertThat(replayedLeaver.action()).isEqualTo(Action.STALE);
            assertThat(replayedLeaver.detail()).contains("before HiBob confirmed the employee deleted");
            SyncOutcome claim = outcomes(broker.bootstrapServers(), duplicate, 1).get(0);
            assertThat(claim.action()).isEqualTo(Action.FAILED);
            // (Which employee: the memory topic of this shared test broker also holds other test classes' links to
            // the same user ids of their own simulators.)
            assertThat(claim.detail()).contains("matches, but it is already linked to employee");
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
