package io.hibobsync.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hibobsync.contracts.DeadLetterHeaders;
import io.hibobsync.contracts.EmployeeSnapshot;
import io.hibobsync.contracts.RunEnd;
import io.hibobsync.contracts.SyncCommand;
import io.hibobsync.contracts.Topics;
import io.hibobsync.kafka.test.BrokerContents;
import io.hibobsync.kafka.test.TopicReader;
import io.hibobsync.simulator.hibob.HibobSimulator;
import io.hibobsync.simulator.hibob.NewHire;
import io.hibobsync.simulator.hibob.SimulatedEmployee;
import io.hibobsync.simulator.support.RecordedCall;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * A FULL_SYNC command on {@code sync-commands}, end to end: one HiBob search for everybody (the simulator's company,
 * leavers and future hires included), one snapshot per employee tagged with the run, then a {@code RunEnd} on every
 * partition of {@code hibob-employees} after that partition's snapshots. Short back-offs, so a HiBob outage is quick
 * to ride out and one that lasts is quick to dead-letter.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hibob.read-delay=0s",
        "enrich.retry.initial-interval=200ms",
        "enrich.retry.max-interval=1s",
        "enrich.retry.max-elapsed=4s"})
@DirtiesContext
class FullSyncIntegrationTest {

    @RegisterExtension
    static final EnrichStack stack = EnrichStack.withHibob(30);
    private static final HibobSimulator hibob = stack.hibob();
    private static final EnrichKafka kafka = stack.kafka();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        stack.pointAt(registry);
    }

    @BeforeAll
    static void leaversAndFutureHires() {
        // Whatever the seed made: at least one leaver and one future hire, both Inactive in HiBob.
        hibob.terminate(hibob.hire(NewHire.of("Lea", "Ver").withDepartment("Sales")).id(), LocalDate.now());
        hibob.hire(NewHire.of("Fu", "Ture").withStartDate(LocalDate.now().plusDays(20)));
    }

    @Test
    void reads_everybody_in_one_search_and_ends_the_run_on_every_partition() {
        int searchesBefore = searchesOfEverybody().size();
        SimulatedEmployee someone = hibob.employees().get(3);
        SyncCommand command = fullSync(false);

        kafka.sendCommand(command);
        Run run = awaitRun(command.commandId());

        // One search, without filters (HiBob: omit it to read everybody), leavers included.
        List<RecordedCall> searches = searchesOfEverybody();
        assertThat(searches).hasSize(searchesBefore + 1);
        RecordedCall search = searches.get(searches.size() - 1);
        assertThat(search.status()).isEqualTo(200);
        assertThat(search.body()).doesNotContain("filters")
                .contains("\"showInactive\":true", "\"humanReadable\":\"APPEND\"", "\"root.id\"",
                        "\"work.reportsTo\"", "\"internal.lifecycleStatus\"");

        // One snapshot per employee, tagged with the run, leavers and future hires too.
        Set<String> everybody = hibob.employees().stream().map(SimulatedEmployee::id).collect(Collectors.toSet());
        assertThat(everybody).hasSizeGreaterThanOrEqualTo(32);
        assertThat(run.snapshots()).extracting(EmployeeSnapshot::employeeId)
                .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(everybody);
        assertThat(run.snapshots()).allSatisfy(snapshot -> {
            assertThat(snapshot.runId()).isEqualTo(command.commandId());
            assertThat(snapshot.plan()).isFalse();
            assertThat(snapshot.event()).isEqualTo("sync.full");
            assertThat(snapshot.deliveryId()).isEqualTo(command.commandId());
            assertThat(snapshot.readAt()).isAfterOrEqualTo(snapshot.receivedAt()).isBeforeOrEqualTo(search.time());
            assertThat(snapshot.receivedAt()).isAfterOrEqualTo(command.at());
        });
        assertThat(run.snapshots()).filteredOn(snapshot -> "Terminated".equals(snapshot.lifecycleStatus()))
                .isNotEmpty().allSatisfy(leaver -> assertThat(leaver.active()).isFalse());
        assertThat(run.snapshots()).filteredOn(snapshot -> "Hired".equals(snapshot.lifecycleStatus()))
                .isNotEmpty().allSatisfy(future -> assertThat(future.active()).isFalse());

        // Normalized exactly as a read for a webhook.
        EmployeeSnapshot fromWebhook = kafka.awaitSnapshot(kafka.send("employee.updated", someone.id()));
        EmployeeSnapshot fromRun = run.snapshots().stream()
                .filter(snapshot -> snapshot.employeeId().equals(someone.id())).findFirst().orElseThrow();
        assertThat(fromRun).usingRecursiveComparison()
                .ignoringFields("event", "deliveryId", "receivedAt", "readAt", "runId", "plan")
                .isEqualTo(fromWebhook);

        // A marker on every partition, after that partition's snapshots, listing exactly them.
        int partitions = kafka.partitionsOf(Topics.HIBOB_EMPLOYEES);
        assertThat(run.markers()).extracting(ConsumerRecord::partition)
                .containsExactlyInAnyOrderElementsOf(range(partitions));
        Set<String> listed = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : run.markers()) {
            RunEnd marker = JSON.readValue(record.value(), RunEnd.class);
            assertThat(record.key()).isEqualTo("run:" + command.commandId());
            assertThat(EnrichKafka.header(record, RunEnd.HEADER)).isEqualTo(command.commandId());
            assertThat(marker.runId()).isEqualTo(command.commandId());
            assertThat(marker.plan()).isFalse();
            assertThat(marker.partition()).isEqualTo(record.partition());
            assertThat(marker.partitions()).isEqualTo(partitions);
            assertThat(marker.total()).isEqualTo(everybody.size());
            assertThat(marker.readAt()).isEqualTo(run.snapshots().get(0).readAt());
            List<ConsumerRecord<String, byte[]>> here = run.snapshotRecords().stream()
                    .filter(snapshot -> snapshot.partition() == record.partition()).toList();
            assertThat(marker.employeeIds()).containsExactlyInAnyOrderElementsOf(
                    here.stream().map(ConsumerRecord::key).toList());
            assertThat(here).allSatisfy(snapshot -> assertThat(snapshot.offset()).isLessThan(record.offset()));
            listed.addAll(marker.employeeIds());
        }
        assertThat(listed).isEqualTo(everybody);
        assertThat(counter("sync.full.runs", "plan", "false", "outcome", "completed")).isPositive();
        assertThat(counter("sync.full.employees", "plan", "false")).isGreaterThanOrEqualTo(everybody.size());
    }

    @Test
    void a_dry_run_says_so_on_every_snapshot_and_marker() {
        SyncCommand command = fullSync(true);

        kafka.sendCommand(command);
        Run run = awaitRun(command.commandId());

        assertThat(run.snapshots()).hasSize(hibob.employees().size())
                .allSatisfy(snapshot -> assertThat(snapshot.plan()).isTrue());
        assertThat(run.markers()).allSatisfy(record ->
                assertThat(JSON.readValue(record.value(), RunEnd.class).plan()).isTrue());
        assertThat(counter("sync.full.runs", "plan", "true", "outcome", "completed")).isPositive();
    }

    @Test
    void runs_a_command_delivered_twice_once() {
        int searchesBefore = searchesOfEverybody().size();
        double duplicatesBefore = counter("sync.full.runs", "plan", "false", "outcome", "duplicate");
        SyncCommand command = fullSync(false);

        kafka.sendCommand(command);
        kafka.sendCommand(command);

        await().atMost(EnrichKafka.WAIT).until(() ->
                counter("sync.full.runs", "plan", "false", "outcome", "duplicate") == duplicatesBefore + 1);
        Run run = awaitRun(command.commandId());
        assertThat(run.snapshots()).hasSize(hibob.employees().size());
        assertThat(run.markers()).hasSize(kafka.partitionsOf(Topics.HIBOB_EMPLOYEES));
        assertThat(searchesOfEverybody()).hasSize(searchesBefore + 1);
    }

    @Test
    void skips_a_run_whose_markers_are_on_kafka_already_as_after_a_restart() throws Exception {
        // Another instance (or this one before a restart) completed the run, and its offset was not committed.
        SyncCommand command = fullSync(false);
        int partitions = kafka.partitionsOf(Topics.HIBOB_EMPLOYEES);
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            for (int partition = 0; partition < partitions; partition++) {
                var record = new ProducerRecord<>(Topics.HIBOB_EMPLOYEES, partition, "run:" + command.commandId(),
                        JSON.writeValueAsBytes(new RunEnd(command.commandId(), false, partition, partitions,
                                List.of(), 0, Instant.now())));
                record.headers().add(RunEnd.HEADER, command.commandId().getBytes(StandardCharsets.UTF_8));
                producer.send(record).get();
            }
        }
        int searchesBefore = searchesOfEverybody().size();
        double duplicatesBefore = counter("sync.full.runs", "plan", "false", "outcome", "duplicate");

        kafka.sendCommand(command);

        await().atMost(EnrichKafka.WAIT).until(() ->
                counter("sync.full.runs", "plan", "false", "outcome", "duplicate") == duplicatesBefore + 1);
        assertThat(searchesOfEverybody()).hasSize(searchesBefore);
        assertThat(runRecords(command.commandId())).hasSize(partitions);
    }

    @Test
    void rides_out_a_hibob_outage_and_completes_the_run_once() {
        // By count, not by time: how soon the command is consumed depends on the machine.
        hibob.faults().failNext(500, 2);
        int searchesBefore = searchesOfEverybody().size();
        SyncCommand command = fullSync(false);

        kafka.sendCommand(command);
        Run run = awaitRun(command.commandId());

        List<RecordedCall> searches = searchesOfEverybody().subList(searchesBefore, searchesOfEverybody().size());
        assertThat(searches).extracting(RecordedCall::status).contains(500).last().isEqualTo(200);
        assertThat(searches).filteredOn(call -> call.status() == 200).hasSize(1);
        assertThat(run.snapshots()).hasSize(hibob.employees().size());
        assertThat(run.markers()).hasSize(kafka.partitionsOf(Topics.HIBOB_EMPLOYEES));
        assertThat(deadLetter(command.commandId())).isEmpty();
    }

    @Test
    void waits_as_long_as_hibob_asks_after_a_429() {
        hibob.faults().rateLimitNext(1, 1);
        int searchesBefore = searchesOfEverybody().size();
        SyncCommand command = fullSync(false);

        kafka.sendCommand(command);
        Run run = awaitRun(command.commandId());

        List<RecordedCall> searches = searchesOfEverybody().subList(searchesBefore, searchesOfEverybody().size());
        assertThat(searches).extracting(RecordedCall::status).containsExactly(429, 200);
        assertThat(Duration.between(searches.get(0).time(), searches.get(1).time()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(run.markers()).hasSize(kafka.partitionsOf(Topics.HIBOB_EMPLOYEES));
    }

    @Test
    void dead_letters_a_command_hibob_never_answers() {
        assertThat(BrokerContents.topicNames(stack.bootstrapServers()))
                .contains(Topics.SYNC_COMMANDS, Topics.deadLetterTopicOf(Topics.SYNC_COMMANDS));
        hibob.faults().failUntilCleared(500);
        SyncCommand command = fullSync(false);
        List<ConsumerRecord<String, byte[]>> deadLetters;
        try {
            kafka.sendCommand(command);
            deadLetters = TopicReader.read(stack.bootstrapServers(), Topics.deadLetterTopicOf(Topics.SYNC_COMMANDS),
                    record -> command.commandId().equals(record.key()), 1, EnrichKafka.WAIT);
        } finally {
            hibob.faults().clear();
        }

        assertThat(deadLetters).singleElement().satisfies(record -> {
            assertThat(JSON.readValue(record.value(), SyncCommand.class)).isEqualTo(command);
            assertThat(EnrichKafka.header(record, DeadLetterHeaders.FAILED_STAGE)).isEqualTo("enrich-service");
            assertThat(EnrichKafka.header(record, DeadLetterHeaders.EMPLOYEE_ID)).isNull();
            assertThat(EnrichKafka.header(record, "kafka_dlt-exception-message"))
                    .contains("HiBob answered 500 to a search for every employee");
        });
        assertThat(runRecords(command.commandId())).isEmpty();
        assertThat(counter("sync.full.runs", "plan", "false", "outcome", "dead_lettered")).isPositive();
    }

    private static SyncCommand fullSync(boolean plan) {
        return new SyncCommand(UUID.randomUUID().toString(), SyncCommand.Kind.FULL_SYNC, List.of(), "test-admin",
                Instant.now(), plan);
    }

    /** The run's snapshots and markers, once there is a marker on every partition. */
    private Run awaitRun(String runId) {
        int partitions = kafka.partitionsOf(Topics.HIBOB_EMPLOYEES);
        List<ConsumerRecord<String, byte[]>> markers = TopicReader.read(stack.bootstrapServers(),
                Topics.HIBOB_EMPLOYEES, record -> runId.equals(EnrichKafka.header(record, RunEnd.HEADER)), partitions,
                EnrichKafka.WAIT);
        assertThat(markers).as("run markers of %s", runId).hasSize(partitions);
        List<ConsumerRecord<String, byte[]>> snapshots = runRecords(runId).stream()
                .filter(record -> !EnrichKafka.isRunEnd(record)).toList();
        return new Run(markers, snapshots, snapshots.stream()
                .map(record -> JSON.readValue(record.value(), EmployeeSnapshot.class)).toList());
    }

    /** Every record of the run on hibob-employees: its snapshots and its markers. */
    private static List<ConsumerRecord<String, byte[]>> runRecords(String runId) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : kafka.readAll(Topics.HIBOB_EMPLOYEES)) {
            if (EnrichKafka.isRunEnd(record)) {
                if (runId.equals(EnrichKafka.header(record, RunEnd.HEADER))) {
                    records.add(record);
                }
            } else if (runId.equals(JSON.readValue(record.value(), EmployeeSnapshot.class).runId())) {
                records.add(record);
            }
        }
        return records;
    }

    private static List<ConsumerRecord<String, byte[]>> deadLetter(String runId) {
        return kafka.readAll(Topics.deadLetterTopicOf(Topics.SYNC_COMMANDS)).stream()
                .filter(record -> runId.equals(record.key())).toList();
    }

    /** The simulator's log of searches for everybody: no filter. */
    private static List<RecordedCall> searchesOfEverybody() {
        return hibob.callLog().calls("POST", "/v1/people/search").stream()
                .filter(call -> !call.body().contains("\"filters\""))
                .toList();
    }

    private double counter(String name, String... tags) {
        Counter counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    private static List<Integer> range(int partitions) {
        List<Integer> all = new ArrayList<>();
        for (int partition = 0; partition < partitions; partition++) {
            all.add(partition);
        }
        return all;
    }

    private record Run(List<ConsumerRecord<String, byte[]>> markers, List<ConsumerRecord<String, byte[]>> snapshotRecords,
            List<EmployeeSnapshot> snapshots) {
    }
}
