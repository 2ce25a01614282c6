package io.hibobsync.writer;

import static io.hibobsync.writer.Snapshot.employee;
import static io.hibobsync.writer.WriterTestSupport.outcomes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hibobsync.contracts.SyncOutcome.Action;
import io.hibobsync.contracts.Topics;
import io.hibobsync.kafka.test.KafkaTestBroker;
import io.hibobsync.kafka.test.TopicReader;
import io.hibobsync.simulator.docebo.DoceboSimulator;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A writer paced to Docebo's hourly limit never makes Docebo answer 429: with a platform limit of 40 calls an
 * hour, the writer stops at 36 (90 %) and waits, the records held, none dead-lettered.
 */
@SpringBootTest
@DirtiesContext
class PacedWriterIntegrationTest {

    private static final KafkaTestBroker broker = KafkaTestBroker.shared();
    private static final DoceboSimulator docebo = DoceboSimulator.start(Map.of("DOCEBO_SIM_BATCH_PROCESSING_MS", 0,
            "DOCEBO_SIM_RATE_LIMIT_PER_HOUR", 40));
    private static final AtomicLong ids = new AtomicLong(6662883854254930000L);

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        WriterTestSupport.writerProperties(docebo, broker.bootstrapServers())
                .forEach((key, value) -> registry.add(key, () -> value));
        registry.add("docebo.calls-per-hour", () -> 40);
    }

    @Autowired
    MeterRegistry meters;

    @AfterAll
    static void stopDocebo() {
        docebo.close();
    }

    @Test
    void stops_short_of_doceboes_limit_and_holds_the_rest_without_a_single_429() {
        // One employee at a time, so each costs a search and a batch row: 20 of them need 40 calls.
        String last = null;
        for (int i = 0; i < 20; i++) {
            last = String.valueOf(ids.incrementAndGet());
            WriterTestSupport.publish(broker.bootstrapServers(), employee(last).build());
            if (i < 15) {
                assertThat(outcomes(broker.bootstrapServers(), last, 1).get(0).action()).isEqualTo(Action.CREATED);
            }
        }

        await().atMost(Duration.ofSeconds(30)).until(() ->
                meters.get("docebo.api.budget.remaining").gauge().value() == 0);
        assertThat(docebo.callLog().calls()).as("calls Docebo answered").hasSizeLessThanOrEqualTo(36)
                .noneMatch(call -> call.status() == 429);
        String held = last;
        assertThat(TopicReader.read(broker.bootstrapServers(), Topics.DOCEBO_SYNC_OUTCOMES,
                record -> held.equals(record.key()), 1, Duration.ofSeconds(3))).as("the last hire waits").isEmpty();
        assertThat(TopicReader.read(broker.bootstrapServers(), Topics.deadLetterTopicOf(Topics.HIBOB_EMPLOYEES),
                record -> record.key() != null && record.key().startsWith("666288385425493"), 1, Duration.ofSeconds(1)))
                .as("none of these employees dead-lettered").isEmpty();
    }
}
