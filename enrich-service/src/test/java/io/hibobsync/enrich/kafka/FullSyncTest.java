package io.hibobsync.enrich.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.hibobsync.contracts.EmployeeSnapshot;
import io.hibobsync.contracts.RunEnd;
import io.hibobsync.contracts.SyncCommand;
import io.hibobsync.contracts.Topics;
import io.hibobsync.enrich.ApplicationYml;
import io.hibobsync.enrich.hibob.CompanySearch;
import io.hibobsync.enrich.hibob.HibobProperties;
import io.hibobsync.enrich.hibob.SearchBudget;
import io.hibobsync.enrich.sync.EnrichMetrics;
import io.hibobsync.kafka.CredentialsIncident;
import io.hibobsync.kafka.test.KafkaTestBroker;
import io.hibobsync.kafka.test.TopicReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The full sync on a real broker, with a HiBob answer of our own: employees without an id (or an id twice) are
 * skipped, and a run done is not run again, whether this instance remembers it or only Kafka does.
 */
class FullSyncTest {

    private static final KafkaTestBroker broker = KafkaTestBroker.shared();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final DefaultKafkaProducerFactory<String, Object> producers = new DefaultKafkaProducerFactory<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
            new StringSerializer(), new JacksonJsonSerializer<Object>().noTypeInfo());
    private final KafkaTemplate<String, Object> kafka = new KafkaTemplate<>(producers);
    private final RunMarkers markers = new RunMarkers(kafka, new DefaultKafkaConsumerFactory<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG, "enrich-service"),
            new StringDeserializer(), new ByteArrayDeserializer()));
    private final AtomicInteger searches = new AtomicInteger();

    @BeforeAll
    static void topic() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(Topics.HIBOB_EMPLOYEES, Optional.of(6), Optional.empty())))
                    .all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    @AfterEach
    void close() {
        producers.destroy();
    }

    @Test
    void skips_employees_without_an_id_or_with_one_already_read() {
        String ada = newId();
        String bob = newId();
        FullSync sync = fullSync(employees(
                employee(ada, "ada@example.com"),
                "{\"email\": \"nobody@example.com\", \"work\": {\"department\": \"Sales\"}}",
                employee(ada, "ada.again@example.com"),
                employee(bob, "bob@example.com")));
        SyncCommand command = command();

        sync.run(command, Instant.now(), Instant.now());

        List<ConsumerRecord<String, byte[]>> records = runRecords(command.commandId(), 6 + 2);
        List<EmployeeSnapshot> snapshots = records.stream().filter(record -> header(record) == null)
                .map(record -> JSON.readValue(record.value(), EmployeeSnapshot.class)).toList();
        assertThat(snapshots).extracting(EmployeeSnapshot::employeeId).containsExactlyInAnyOrder(ada, bob);
        assertThat(snapshots).filteredOn(snapshot -> snapshot.employeeId().equals(ada)).singleElement()
                .satisfies(snapshot -> assertThat(snapshot.email()).isEqualTo("ada@example.com"));
        List<RunEnd> ends = records.stream().filter(record -> header(record) != null)
                .map(record -> JSON.readValue(record.value(), RunEnd.class)).toList();
        assertThat(ends).hasSize(6).allSatisfy(end -> assertThat(end.total()).isEqualTo(2));
        assertThat(ends.stream().flatMap(end -> end.employeeIds().stream())).containsExactlyInAnyOrder(ada, bob);
        assertThat(meters.counter("sync.full.employees.skipped").count()).isEqualTo(2);
        assertThat(meters.counter("sync.full.employees", "plan", "false").count()).isEqualTo(2);
    }

    @Test
    void runs_a_run_once_whether_it_is_remembered_or_only_on_kafka() {
        String ada = newId();
        String answer = employees(employee(ada, "ada@example.com"));
        SyncCommand command = command();

        FullSync first = fullSync(answer);
        first.run(command, Instant.now(), Instant.now());
        assertThat(searches).hasValue(1);

        // This instance again: it remembers. A new one (a restart, another instance): the markers on Kafka tell.
        first.run(command, Instant.now(), Instant.now());
        fullSync(answer).run(command, Instant.now(), Instant.now());

        assertThat(searches).hasValue(1);
        assertThat(meters.counter("sync.full.runs", "plan", "false", "outcome", "duplicate").count()).isEqualTo(2);
        assertThat(runRecords(command.commandId(), 6 + 1)).hasSize(7);
    }

    @Test
    void runs_again_a_run_whose_markers_are_not_all_there() {
        SyncCommand command = command();
        // A run that failed after the marker of partition 0.
        kafka.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.HIBOB_EMPLOYEES, 0,
                RunMarkers.key(command.commandId()), new RunEnd(command.commandId(), false, 0, 6, List.of(), 0,
                Instant.now()), List.of(new org.apache.kafka.common.header.internals.RecordHeader(RunEnd.HEADER,
                command.commandId().getBytes(StandardCharsets.UTF_8))))).join();

        assertThat(markers.check(command.commandId(), Instant.now().minus(Duration.ofMinutes(5))))
                .isEqualTo(RunMarkers.Check.NOT_DONE);
        fullSync(employees(employee(newId(), "cleo@example.com"))).run(command, Instant.now(), Instant.now());

        assertThat(searches).hasValue(1);
        assertThat(markers.check(command.commandId(), Instant.now().minus(Duration.ofMinutes(5))))
                .isEqualTo(RunMarkers.Check.DONE);
    }

    private FullSync fullSync(String answer) {
        CompanySearch hibob = employee -> {
            searches.incrementAndGet();
            JsonNode employees = JSON.readTree(answer).get("employees");
            employees.forEach(employee);
            return employees.size();
        };
        HibobProperties properties = ApplicationYml.bind(HibobProperties.class, Map.of(
                "HIBOB_API_URL", "http://localhost:1/v1", "HIBOB_SERVICE_USER_ID", "sync",
                "HIBOB_SERVICE_USER_TOKEN", "t0k3n"));
        return new FullSync(hibob, properties, new SearchBudget(50, Clock.systemUTC(), meters),
                new CredentialsIncident("enrich-service", "HiBob", "", alert -> true), markers, kafka,
                new EnrichMetrics(meters));
    }

    private static SyncCommand command() {
        return new SyncCommand(UUID.randomUUID().toString(), SyncCommand.Kind.FULL_SYNC, List.of(), "test",
                Instant.now(), false);
    }

    private static String employees(String... employees) {
        return "{\"employees\": [" + String.join(", ", employees) + "]}";
    }

    private static String employee(String id, String email) {
        return """
                {"id": "%s", "email": "%s", "firstName": "A", "surname": "B", "displayName": "A B",
                 "work": {"department": "Sales", "site": "London", "startDate": "2021-03-01"},
                 "internal": {"status": "Active", "lifecycleStatus": "Employed", "terminationDate": null}}"""
                .formatted(id, email);
    }

    private static String newId() {
        return "3332883" + String.format("%012d", (long) (Math.random() * 1e12));
    }

    private static List<ConsumerRecord<String, byte[]>> runRecords(String runId, int expected) {
        return TopicReader.read(broker.bootstrapServers(), Topics.HIBOB_EMPLOYEES, record -> {
            String marker = header(record);
            return marker != null ? runId.equals(marker)
                    : runId.equals(JSON.readValue(record.value(), EmployeeSnapshot.class).runId());
        }, expected, Duration.ofSeconds(10));
    }

    private static String header(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(RunEnd.HEADER);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
