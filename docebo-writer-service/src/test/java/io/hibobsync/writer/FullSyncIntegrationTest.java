package io.hibobsync.writer;

import static io.hibobsync.writer.Snapshot.employee;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hibobsync.contracts.EmployeeSnapshot;
import io.hibobsync.contracts.HeldAction;
import io.hibobsync.contracts.PlanEntry;
import io.hibobsync.contracts.RunEnd;
import io.hibobsync.contracts.SyncCommand;
import io.hibobsync.contracts.Topics;
import io.hibobsync.kafka.test.KafkaTestBroker;
import io.hibobsync.kafka.test.TopicReader;
import io.hibobsync.simulator.docebo.DoceboSimulator;
import io.hibobsync.simulator.support.RecordedCall;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A full sync as enrich-service publishes it (every employee tagged with the run, then a {@link RunEnd} on every
 * partition): a plan writes nothing and predicts the run exactly; the run deactivates users HiBob no longer
 * returns; a HiBob answer 30 % short holds every deactivation for approval.
 */
@SpringBootTest
@DirtiesContext
class FullSyncIntegrationTest {

    // A broker of its own: the writer's memory of other test classes' employees would count as users it owns.
    private static final KafkaTestBroker broker = KafkaTestBroker.start();
    private static final DoceboSimulator docebo = DoceboSimulator.start(Map.of("DOCEBO_SIM_BATCH_PROCESSING_MS", 0));
    private static final long FIRST = 3992883854254930000L;
    private static final int PARTITIONS = 6;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        WriterTestSupport.writerProperties(docebo, broker.bootstrapServers())
                .forEach((key, value) -> registry.add(key, () -> value));
    }

    @AfterAll
    static void stopDocebo() {
        docebo.close();
        broker.close();
    }

    @Test
    void a_plan_writes_nothing_and_predicts_the_run_which_deactivates_who_hibob_no_longer_returns() throws Exception {
        Instant start = Instant.now();
        List<String> staff = ids(0, 40);
        WriterTestSupport.publish(broker.bootstrapServers(), staff.stream().map(id -> employee(id).readAt(start).build())
                .toArray(EmployeeSnapshot[]::new));
        applied(staff);

        // HiBob now: one surname changed, one new hire, one employee gone.
        String renamed = staff.get(0);
        String gone = staff.get(1);
        String hire = ids(40, 41).get(0);
        List<EmployeeSnapshot> company = new ArrayList<>();
        for (String id : staff.subList(2, 40)) {
            company.add(employee(id).readAt(start.plusSeconds(10)).build());
        }
        company.add(employee(renamed).readAt(start.plusSeconds(10)).name("Ada", "King").build());
        company.add(employee(hire).readAt(start.plusSeconds(10)).build());

        int writesBefore = writes();
        String plan = UUID.randomUUID().toString();
        run(plan, true, company, start.plusSeconds(10));
        Map<String, PlanEntry> planned = entries(plan);
        assertThat(writes()).as("Docebo writes during the plan").isEqualTo(writesBefore);
        assertThat(planned.get(renamed).action()).isEqualTo("UPDATE");
        assertThat(planned.get(renamed).changes()).containsExactly("last_name: \"Lovelace\" → \"King\"");
        assertThat(planned.get(hire).action()).isEqualTo("CREATE");
        assertThat(planned.get(gone).action()).isEqualTo("DEACTIVATE");
        assertThat(planned.values().stream().filter(entry -> "UNCHANGED".equals(entry.action()))).hasSize(38);
        assertThat(planned.values().stream().filter(entry -> "IN_DOCEBO_ONLY".equals(entry.action())))
                .as("the API account is never listed").isEmpty();

        String real = UUID.randomUUID().toString();
        run(real, false, company, start.plusSeconds(11));
        Map<String, PlanEntry> done = entries(real);
        assertThat(done.keySet()).isEqualTo(planned.keySet());
        done.forEach((employee, entry) -> assertThat(entry.action()).as(employee).isEqualTo(planned.get(employee).action()));
        assertThat(docebo.user(username(renamed)).orElseThrow().lastName()).isEqualTo("King");
        assertThat(docebo.user(username(hire))).isPresent();
        assertThat(docebo.user(username(gone)).orElseThrow().active()).isFalse();
    }

    @Test
    void a_hibob_answer_thirty_percent_short_deactivates_nobody_and_holds_them_all_for_approval() throws Exception {
        Instant start = Instant.now();
        List<String> staff = ids(100, 140);
        WriterTestSupport.publish(broker.bootstrapServers(), staff.stream().map(id -> employee(id).readAt(start).build())
                .toArray(EmployeeSnapshot[]::new));
        applied(staff);

        // A permission change hides 12 of the 40 from the service user.
        List<String> visible = staff.subList(0, 28);
        List<String> hidden = staff.subList(28, 40);
        String runId = UUID.randomUUID().toString();
        run(runId, false, visible.stream().map(id -> employee(id).readAt(start.plusSeconds(5)).build()).toList(),
                start.plusSeconds(5));

        Map<String, PlanEntry> done = entries(runId);
        hidden.forEach(id -> assertThat(done.get(id).action()).as(id).isEqualTo("HELD"));
        assertThat(hidden.stream().filter(id -> !docebo.user(username(id)).orElseThrow().active())).isEmpty();
        Map<String, HeldAction> held = held();
        assertThat(held.keySet()).containsAll(hidden);
        assertThat(held.get(hidden.get(0)).reason()).contains("HiBob returned 28 employees");

        publish(Topics.SYNC_COMMANDS, null, UUID.randomUUID().toString(), WriterTestSupport.json.writeValueAsBytes(
                new SyncCommand(UUID.randomUUID().toString(), SyncCommand.Kind.APPROVE_HELD, hidden, "test", Instant.now())),
                null);
        await().atMost(Duration.ofSeconds(30)).until(() -> hidden.stream()
                .noneMatch(id -> docebo.user(username(id)).orElseThrow().active()));
        assertThat(visible.stream().filter(id -> !docebo.user(username(id)).orElseThrow().active())).isEmpty();
    }

    @Test
    void a_full_sync_undoes_what_an_administrator_changed_in_docebo_and_its_plan_says_so() throws Exception {
        Instant start = Instant.now();
        List<String> staff = ids(200, 210);
        List<EmployeeSnapshot> company = staff.stream().map(id -> employee(id).readAt(start).build()).toList();
        WriterTestSupport.publish(broker.bootstrapServers(), company.toArray(EmployeeSnapshot[]::new));
        applied(staff);

        // In Docebo, not in HiBob: one user renamed, one deactivated, one deleted.
        String renamed = staff.get(0);
        String deactivated = staff.get(1);
        String deleted = staff.get(2);
        docebo.editAsAdministrator(username(renamed), "Adah", null, null);
        docebo.editAsAdministrator(username(deactivated), null, null, false);
        docebo.deleteAsAdministrator(username(deleted));
        assertThat(docebo.user(username(renamed)).orElseThrow().firstName()).isEqualTo("Adah");

        List<EmployeeSnapshot> sameAsBefore = staff.stream().map(id -> employee(id).readAt(start.plusSeconds(5)).build())
                .toList();
        String plan = UUID.randomUUID().toString();
        run(plan, true, sameAsBefore, start.plusSeconds(5));
        Map<String, PlanEntry> planned = entries(plan);
        assertThat(planned.get(renamed).action()).isEqualTo("UPDATE");
        assertThat(planned.get(renamed).changes()).containsExactly("first_name: \"Adah\" → \"Ada\"");
        assertThat(planned.get(deactivated).action()).isEqualTo("REACTIVATE");
        assertThat(planned.get(deleted).action()).isEqualTo("CREATE");
        assertThat(staff.subList(3, 10)).allSatisfy(id -> assertThat(planned.get(id).action()).isEqualTo("UNCHANGED"));

        String real = UUID.randomUUID().toString();
        run(real, false, staff.stream().map(id -> employee(id).readAt(start.plusSeconds(6)).build()).toList(),
                start.plusSeconds(6));
        Map<String, PlanEntry> done = entries(real);
        done.forEach((employee, entry) -> assertThat(entry.action()).as(employee).isEqualTo(planned.get(employee).action()));
        assertThat(docebo.user(username(renamed)).orElseThrow().firstName()).isEqualTo("Ada");
        assertThat(docebo.user(username(deactivated)).orElseThrow().active()).isTrue();
        assertThat(docebo.user(username(deleted))).hasValueSatisfying(user -> assertThat(user.active()).isTrue());
    }

    /** What enrich-service publishes for a full sync: the snapshots, then a marker on every partition. */
    private static void run(String runId, boolean plan, List<EmployeeSnapshot> employees, Instant readAt) throws Exception {
        Map<Integer, List<String>> byPartition = new HashMap<>();
        for (EmployeeSnapshot employee : employees) {
            RecordMetadata sent = publish(Topics.HIBOB_EMPLOYEES, null, employee.employeeId(),
                    WriterTestSupport.json.writeValueAsBytes(employee.inRun(runId, plan)), null);
            byPartition.computeIfAbsent(sent.partition(), p -> new ArrayList<>()).add(employee.employeeId());
        }
        for (int partition = 0; partition < PARTITIONS; partition++) {
            RunEnd end = new RunEnd(runId, plan, partition, PARTITIONS, byPartition.getOrDefault(partition, List.of()),
                    employees.size(), readAt);
            publish(Topics.HIBOB_EMPLOYEES, partition, "run:" + runId, WriterTestSupport.json.writeValueAsBytes(end),
                    runId);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> TopicReader.read(broker.bootstrapServers(), Topics.SYNC_PLANS,
                record -> runId.equals(record.key()) && isProgress(record), PARTITIONS, Duration.ofSeconds(5)).size()
                == PARTITIONS);
    }

    /** Waits for the writer's outcome of each: a user shows in Docebo before the batch call that made it ends. */
    private static void applied(List<String> employees) {
        assertThat(TopicReader.read(broker.bootstrapServers(), Topics.DOCEBO_SYNC_OUTCOMES,
                record -> employees.contains(record.key()), employees.size(), Duration.ofSeconds(60)))
                .hasSize(employees.size());
    }

    private static boolean isProgress(ConsumerRecord<String, byte[]> record) {
        return WriterTestSupport.json.readTree(record.value()).has("partitions")
                && !WriterTestSupport.json.readTree(record.value()).has("action");
    }

    private static Map<String, PlanEntry> entries(String runId) {
        return TopicReader.read(broker.bootstrapServers(), Topics.SYNC_PLANS,
                        record -> runId.equals(record.key()) && !isProgress(record), 10_000, Duration.ofSeconds(3))
                .stream().map(record -> WriterTestSupport.json.readValue(record.value(), PlanEntry.class))
                .filter(entry -> entry.employeeId() != null)
                .collect(Collectors.toMap(PlanEntry::employeeId, entry -> entry, (first, second) -> second));
    }

    private static Map<String, HeldAction> held() {
        Map<String, HeldAction> held = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : TopicReader.read(broker.bootstrapServers(), Topics.SYNC_HELD,
                record -> true, 10_000, Duration.ofSeconds(2))) {
            if (record.value() == null) {
                held.remove(record.key());
            } else {
                held.put(record.key(), WriterTestSupport.json.readValue(record.value(), HeldAction.class));
            }
        }
        return held;
    }

    private static RecordMetadata publish(String topic, Integer partition, String key, byte[] value, String runEnd)
            throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, partition, key, value);
            if (runEnd != null) {
                record.headers().add(RunEnd.HEADER, runEnd.getBytes(StandardCharsets.UTF_8));
            }
            return producer.send(record).get(10, TimeUnit.SECONDS);
        }
    }

    private static int writes() {
        List<RecordedCall> calls = docebo.callLog().calls();
        return (int) calls.stream().filter(call -> !call.method().equals("GET") && !call.path().startsWith("/oauth2"))
                .count();
    }

    private static List<String> ids(int from, int to) {
        List<String> ids = new ArrayList<>();
        for (int i = from; i < to; i++) {
            ids.add(String.valueOf(FIRST + i));
        }
        return ids;
    }

    private static String username(String employeeId) {
        return "employee." + employeeId + "@example.com";
    }
}
