package io.hibobsync.writer;

import static io.hibobsync.writer.Snapshot.employee;
import static io.hibobsync.writer.WriterTestSupport.outcomes;
import static org.assertj.core.api.Assertions.assertThat;

import io.hibobsync.contracts.DeadLetterHeaders;
import io.hibobsync.contracts.SyncOutcome;
import io.hibobsync.contracts.SyncOutcome.Action;
import io.hibobsync.contracts.Topics;
import io.hibobsync.kafka.test.KafkaTestBroker;
import io.hibobsync.kafka.test.TopicReader;
import io.hibobsync.simulator.docebo.DoceboSimulator;
import io.hibobsync.simulator.support.RecordedCall;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Many changes at once: a poll is written with a handful of batch import calls, each row's result on its own. */
@SpringBootTest
@DirtiesContext
class BatchWritesIntegrationTest {

    private static final KafkaTestBroker broker = KafkaTestBroker.shared();
    private static final DoceboSimulator docebo = DoceboSimulator.start(Map.of("DOCEBO_SIM_BATCH_PROCESSING_MS", 0));
    private static final AtomicLong ids = new AtomicLong(5552883854254930000L);

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        WriterTestSupport.writerProperties(docebo, broker.bootstrapServers())
                .forEach((key, value) -> registry.add(key, () -> value));
        registry.add("docebo.batch-size", () -> 20);
        registry.add("docebo.directory-threshold", () -> 5);
    }

    @AfterAll
    static void stopDocebo() {
        docebo.close();
    }

    @Test
    void fifty_new_hires_cost_a_handful_of_calls_not_a_hundred() {
        int callsBefore = apiCalls().size();
        List<Snapshot> hires = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            hires.add(employee(newEmployeeId()).event("employee.created"));
        }

        publish(hires.toArray(Snapshot[]::new));

        java.util.Set<String> hired = new java.util.HashSet<>();
        hires.forEach(hire -> hired.add(hire.build().employeeId()));
        List<SyncOutcome> created = TopicReader.read(broker.bootstrapServers(), Topics.DOCEBO_SYNC_OUTCOMES,
                        record -> hired.contains(record.key()), 50, Duration.ofSeconds(60)).stream()
                .map(record -> WriterTestSupport.json.readValue(record.value(), SyncOutcome.class)).toList();
        assertThat(created).hasSize(50).extracting(SyncOutcome::action).containsOnly(Action.CREATED);
        List<RecordedCall> calls = apiCalls().subList(callsBefore, apiCalls().size());
        assertThat(calls).as("Docebo calls for 50 hires (one at a time it took a search and a create each)")
                .hasSizeLessThanOrEqualTo(15);
        assertThat(calls.stream().filter(call -> call.path().equals("/manage/v1/user/batch")).count())
                .isGreaterThanOrEqualTo(3);
        assertThat(docebo.refusedConcurrentCalls()).isZero();
    }

    @Test
    void a_refused_row_goes_alone_to_the_dead_letter_topic_with_doceboes_message() {
        String good = newEmployeeId();
        String bad = newEmployeeId();
        String alsoGood = newEmployeeId();

        publish(employee(good), employee(bad).email("not an email@example.com"), employee(alsoGood));

        assertThat(outcomes(broker.bootstrapServers(), good, 1).get(0).action()).isEqualTo(Action.CREATED);
        assertThat(outcomes(broker.bootstrapServers(), alsoGood, 1).get(0).action()).isEqualTo(Action.CREATED);
        SyncOutcome refused = outcomes(broker.bootstrapServers(), bad, 1).get(0);
        assertThat(refused.action()).isEqualTo(Action.FAILED);
        assertThat(refused.detail()).contains("Docebo refused to create user").containsIgnoringCase("email");
        List<ConsumerRecord<String, byte[]>> deadLetters = TopicReader.read(broker.bootstrapServers(),
                Topics.deadLetterTopicOf(Topics.HIBOB_EMPLOYEES),
                record -> List.of(good, bad, alsoGood).contains(record.key()), 3, Duration.ofSeconds(5));
        assertThat(deadLetters).extracting(ConsumerRecord::key).containsExactly(bad);
        assertThat(new String(deadLetters.get(0).headers().lastHeader(DeadLetterHeaders.FAILED_STAGE).value(),
                StandardCharsets.UTF_8)).isEqualTo("docebo-writer-service");
    }

    @Test
    void creates_a_manager_and_their_reports_in_one_poll_with_the_direct_manager_set() {
        String manager = newEmployeeId();
        String firstReport = newEmployeeId();
        String secondReport = newEmployeeId();
        String managerEmail = "employee." + manager + "@example.com";

        // Reports first, as HiBob may send them: the manager's row must still come before theirs.
        publish(employee(firstReport).manager(manager, managerEmail), employee(secondReport).manager(manager, managerEmail),
                employee(manager));

        for (String report : List.of(firstReport, secondReport)) {
            assertThat(outcomes(broker.bootstrapServers(), report, 1).get(0).action()).isEqualTo(Action.CREATED);
        }
        assertThat(outcomes(broker.bootstrapServers(), manager, 1).get(0).action()).isEqualTo(Action.CREATED);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(docebo.user("employee." + firstReport + "@example.com").orElseThrow().directManager())
                    .isEqualTo(managerEmail);
            assertThat(docebo.user("employee." + secondReport + "@example.com").orElseThrow().directManager())
                    .isEqualTo(managerEmail);
        });
    }

    @Test
    void keeps_each_employees_order_the_newest_read_wins_within_a_poll() {
        String id = newEmployeeId();
        Instant first = Instant.now();

        publish(employee(id).readAt(first).department("Engineering"),
                employee(id).readAt(first.plusSeconds(2)).department("Sales").name("Ada", "King"),
                employee(id).readAt(first.plusSeconds(1)).department("Engineering").name("Ada", "Queen"));

        List<SyncOutcome> results = outcomes(broker.bootstrapServers(), id, 3);
        assertThat(results).extracting(SyncOutcome::action).doesNotContain(Action.FAILED);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var user = docebo.user("employee." + id + "@example.com").orElseThrow();
            assertThat(user.lastName()).isEqualTo("King");
            assertThat(user.branches()).contains("SALES");
        });
    }

    @Test
    void one_change_on_a_quiet_system_costs_at_most_two_docebo_calls() {
        String id = newEmployeeId();
        Instant now = Instant.now();
        int before = apiCalls().size();
        publish(employee(id).readAt(now));
        outcomes(broker.bootstrapServers(), id, 1);
        assertThat(apiCalls().size() - before).as("a new hire: one search, one batch row").isLessThanOrEqualTo(2);

        int beforeUpdate = apiCalls().size();
        publish(employee(id).readAt(now.plusSeconds(1)).name("Ada", "Byron"));
        assertThat(outcomes(broker.bootstrapServers(), id, 2).get(1).action()).isEqualTo(Action.UPDATED);
        assertThat(apiCalls().size() - beforeUpdate).as("a known employee: one batch row").isEqualTo(1);
    }

    private static List<RecordedCall> apiCalls() {
        return docebo.callLog().calls().stream().filter(call -> !call.path().startsWith("/oauth2")).toList();
    }

    private static void publish(Snapshot... snapshots) {
        WriterTestSupport.publish(broker.bootstrapServers(),
                Arrays.stream(snapshots).map(Snapshot::build).toArray(io.hibobsync.contracts.EmployeeSnapshot[]::new));
    }

    private static String newEmployeeId() {
        return String.valueOf(ids.incrementAndGet());
    }
}
