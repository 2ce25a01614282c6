package io.hibobsync.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hibobsync.contracts.ConfigurationAlert;
import io.hibobsync.contracts.DeadLetterHeaders;
import io.hibobsync.contracts.EmployeeSnapshot;
import io.hibobsync.contracts.Topics;
import io.hibobsync.enrich.EnrichKafka.Sent;
import io.hibobsync.kafka.test.BrokerContents;
import io.hibobsync.simulator.hibob.HibobSimulator;
import io.hibobsync.simulator.hibob.NewHire;
import io.hibobsync.simulator.hibob.SimulatedEmployee;
import io.hibobsync.simulator.support.RecordedCall;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * enrich-service end to end: webhooks in on a real broker, the HiBob simulator as HiBob, snapshots, dead letters
 * and alerts out. Read delay off, short graces, back-offs (re-reads included) and throttle alert time, so the test
 * is quick.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hibob.read-delay=0s",
        "hibob.reread-backoff=200ms",
        "hibob.not-found-grace=2s",
        "hibob.deletion-grace=2s",
        "hibob.throttle-alert-after=1s",
        "enrich.retry.initial-interval=200ms",
        "enrich.retry.max-interval=1s",
        "enrich.retry.max-elapsed=30s"})
// Every test class has its own HiBob: only one enrich-service may consume the shared broker at a time.
@DirtiesContext
class EnrichIntegrationTest {

    @RegisterExtension
    static final EnrichStack stack = EnrichStack.withHibob(5);
    private static final HibobSimulator hibob = stack.hibob();
    private static final EnrichKafka kafka = stack.kafka();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    MeterRegistry meters;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        stack.pointAt(registry);
    }

    @Test
    void declares_its_topics_and_reports_kafka_and_hibob_up() throws Exception {
        assertThat(BrokerContents.topicNames(stack.bootstrapServers())).contains("hibob-webhooks",
                "hibob-webhooks-dlt", "hibob-employees", "hibob-employees-dlt", "sync-alerts");

        HttpResponse<String> health = get(managementPort, "/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode components = JsonMapper.builder().build().readTree(health.body()).get("components");
        assertThat(components.at("/kafka/status").asString()).isEqualTo("UP");
        assertThat(components.at("/hibob/status").asString()).isEqualTo("UP");
        assertThat(components.at("/hibobThrottle/status").asString()).isEqualTo("UP");
        assertThat(components.at("/hibobThrottle/details/throttled").asBoolean()).isFalse();
    }

    @Test
    void publishes_a_normalized_snapshot_of_a_new_hire() {
        SimulatedEmployee ceo = hibob.employees().get(0);
        SimulatedEmployee ada = hibob.hire(NewHire.of("Ada", "Lovelace").withDepartment("Engineering")
                .withSite("London").withManager(ceo.id()));

        Sent created = kafka.send("employee.created", ada.id());
        EmployeeSnapshot snapshot = kafka.awaitSnapshot(created);

        assertThat(snapshot.employeeId()).isEqualTo(ada.id());
        assertThat(snapshot.event()).isEqualTo("employee.created");
        assertThat(snapshot.receivedAt()).isEqualTo(created.receivedAt());
        assertThat(snapshot.readAt()).isAfterOrEqualTo(created.receivedAt());
        assertThat(snapshot.deleted()).isFalse();
        assertThat(snapshot.email()).isEqualTo(ada.email());
        assertThat(snapshot.firstName()).isEqualTo("Ada");
        assertThat(snapshot.surname()).isEqualTo("Lovelace");
        assertThat(snapshot.displayName()).isEqualTo(ada.displayName());
        assertThat(snapshot.department()).isEqualTo("Engineering");
        assertThat(snapshot.site()).isEqualTo("London");
        assertThat(snapshot.managerId()).isEqualTo(ceo.id());
        assertThat(snapshot.managerEmail()).isEqualTo(ceo.email());
        assertThat(snapshot.active()).isTrue();
        assertThat(snapshot.lifecycleStatus()).isEqualTo("Employed");
        assertThat(snapshot.startDate()).isEqualTo(ada.field("work.startDate") == null ? null
                : LocalDate.parse(ada.field("work.startDate").toString()));
        assertThat(snapshot.terminationDate()).isNull();
        assertThat(snapshot.fields()).containsEntry("work.department", "Engineering")
                .containsEntry("internal.terminationDate", "");
        ConsumerRecord<String, byte[]> record = kafka.readAll(Topics.HIBOB_EMPLOYEES).stream()
                .filter(published -> ada.id().equals(published.key())).findFirst().orElseThrow();
        assertThat(record.headers().toArray()).as("no type headers").isEmpty();
        assertThat(meters.counter("enrich.webhooks.consumed", "type", "employee.created", "outcome", "enriched")
                .count()).isPositive();
        assertThat(meters.timer("hibob.api.calls", "endpoint", "people.search", "status", "200").count()).isPositive();
    }

    @Test
    void still_reads_a_leaver_and_marks_them_inactive() {
        SimulatedEmployee leaver = hibob.hire(NewHire.of("Bob", "Leaving").withDepartment("Sales"));
        hibob.terminate(leaver.id(), LocalDate.now());

        EmployeeSnapshot snapshot = kafka.awaitSnapshot(kafka.send("employee.left", leaver.id()));

        assertThat(snapshot.active()).isFalse();
        assertThat(snapshot.lifecycleStatus()).isEqualTo("Terminated");
        assertThat(snapshot.terminationDate()).isEqualTo(LocalDate.now());
        assertThat(snapshot.email()).isEqualTo(leaver.email());
        assertThat(searchesFor(leaver.id())).allSatisfy(call -> assertThat(call.body()).contains("\"showInactive\":true"));
    }

    @Test
    void publishes_a_deletion_once_hibob_confirms_the_employee_is_gone() {
        SimulatedEmployee gone = hibob.hire(NewHire.of("Cleo", "Gone"));
        hibob.delete(gone.id());

        Sent deleted = kafka.send(TestWebhooks.deleted(gone.id(), gone.email()), gone.id(), "employee.deleted");
        EmployeeSnapshot snapshot = kafka.awaitSnapshot(deleted);

        assertThat(snapshot.deleted()).isTrue();
        assertThat(snapshot.event()).isEqualTo("employee.deleted");
        assertThat(snapshot.email()).isEqualTo(gone.email());
        assertThat(snapshot.employeeId()).isEqualTo(gone.id());
        // HiBob was asked, by id and leavers included, and the deletion carries the time of that read.
        List<RecordedCall> searches = searchesFor(gone.id());
        assertThat(searches).singleElement().satisfies(call -> {
            assertThat(call.status()).isEqualTo(200);
            assertThat(call.body()).contains("\"showInactive\":true", "\"fieldPath\":\"root.id\"");
        });
        assertThat(snapshot.readAt()).isAfterOrEqualTo(searches.get(0).time());
        assertThat(meters.counter("enrich.snapshots.published", "kind", "deletion").count()).isPositive();
    }

    @Test
    void publishes_a_deletion_of_an_employee_hibob_does_not_know() {
        String unknown = "3332883100000" + String.format("%06d", (int) (Math.random() * 1_000_000));

        Sent deleted = kafka.send(TestWebhooks.deleted(unknown, "never.seen@example.com"), unknown, "employee.deleted");
        EmployeeSnapshot snapshot = kafka.awaitSnapshot(deleted);

        assertThat(snapshot.deleted()).isTrue();
        assertThat(snapshot.email()).isEqualTo("never.seen@example.com");
        assertThat(snapshot.readAt()).isAfterOrEqualTo(deleted.receivedAt());
        assertThat(searchesFor(unknown)).hasSize(1);
        assertThat(kafka.deadLettersOf(unknown)).isEmpty();
    }

    @Test
    void never_deletes_an_employee_hibob_still_returns_and_dead_letters_the_deletion_after_the_grace() {
        SimulatedEmployee stillHere = hibob.hire(NewHire.of("Still", "Employed"));

        // E.g. an old delivery sent again: HiBob still has the employee.
        Sent deleted = kafka.send(TestWebhooks.deleted(stillHere.id(), stillHere.email()), stillHere.id(),
                "employee.deleted");
        ConsumerRecord<String, byte[]> deadLetter = kafka.awaitDeadLetter(deleted);

        assertThat(deadLetter.value()).isEqualTo(deleted.body());
        assertThat(EnrichKafka.header(deadLetter, DeadLetterHeaders.REASON))
                .isEqualTo(DeadLetterHeaders.REASON_DELETION_UNCONFIRMED);
        assertThat(EnrichKafka.header(deadLetter, DeadLetterHeaders.EMPLOYEE_ID)).isEqualTo(stillHere.id());
        assertThat(EnrichKafka.header(deadLetter, DeadLetterHeaders.FAILED_STAGE)).isEqualTo("enrich-service");
        assertThat(EnrichKafka.header(deadLetter, "kafka_dlt-exception-message"))
                .contains("employee.deleted for employee " + stillHere.id() + " (" + stillHere.email() + ")")
                .contains("HiBob still returns them")
                .contains("status Active, lifecycle Employed")
                .contains("Nothing was deleted or changed in Docebo")
                .contains("check that the HiBob service user can no longer see them");
        // Retried in place through the grace period before giving up.
        List<RecordedCall> searches = searchesFor(stillHere.id());
        assertThat(searches.size()).isGreaterThanOrEqualTo(2);
        assertThat(Duration.between(deleted.receivedAt(), searches.get(searches.size() - 1).time()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        assertThat(kafka.snapshotsOf(stillHere.id())).noneMatch(EmployeeSnapshot::deleted);
        assertThat(meters.counter("enrich.webhooks.consumed", "type", "employee.deleted", "outcome", "dead_lettered")
                .count()).isPositive();
    }

    @Test
    void counts_and_skips_events_about_no_employee() {
        double before = skipped("timeoff.request.created");
        SimulatedEmployee marker = hibob.hire(NewHire.of("Mark", "After"));

        kafka.send(TestWebhooks.aboutNoEmployee("timeoff.request.created"), null, "timeoff.request.created");
        kafka.awaitSnapshot(kafka.send("employee.updated", marker.id()));

        await().atMost(EnrichKafka.WAIT).until(() -> skipped("timeoff.request.created") == before + 1);
    }

    @Test
    void a_burst_of_webhooks_costs_one_search() {
        List<SimulatedEmployee> employees = IntStream.range(0, 10)
                .mapToObj(i -> hibob.hire(NewHire.of("Burst" + i, "Person").withDepartment("Support"))).toList();
        MessageListenerContainer container = listeners.getListenerContainer("enrich-webhooks");
        // The burst lands while the consumer is away, as when HiBob sends a bulk edit faster than we poll.
        // (Pausing is not enough: a fetch already in flight would hand over the first few records alone.)
        container.stop();
        List<Sent> sent = new ArrayList<>();
        try {
            for (int round = 0; round < 3; round++) {
                employees.forEach(employee -> sent.add(kafka.send("employee.updated", employee.id())));
            }
        } finally {
            container.start();
        }

        // The last webhook of each employee is answered...
        Set<String> lastRound = sent.subList(20, 30).stream().map(Sent::deliveryId).collect(Collectors.toSet());
        assertThat(kafka.snapshots(snapshot -> lastRound.contains(snapshot.deliveryId()), 10, EnrichKafka.WAIT))
                .hasSize(10);
        // ...by one snapshot covering all three.
        Set<String> ids = employees.stream().map(SimulatedEmployee::id).collect(Collectors.toSet());
        assertThat(kafka.readAll(Topics.HIBOB_EMPLOYEES)).filteredOn(record -> ids.contains(record.key()))
                .hasSize(10);
        List<RecordedCall> searches = hibob.callLog().calls("POST", "/v1/people/search").stream()
                .filter(call -> employees.stream().anyMatch(employee -> call.body().contains(employee.id())))
                .toList();
        assertThat(searches).hasSize(1);
        assertThat(searches.get(0).body()).contains(employees.stream().map(SimulatedEmployee::id).toList());
    }

    @Test
    void waits_as_long_as_hibob_asks_after_a_429() {
        SimulatedEmployee employee = hibob.hire(NewHire.of("Rate", "Limited"));
        hibob.faults().rateLimitNext(1, 2);

        EmployeeSnapshot snapshot = kafka.awaitSnapshot(kafka.send("employee.updated", employee.id()));

        assertThat(snapshot.email()).isEqualTo(employee.email());
        List<RecordedCall> searches = searchesFor(employee.id());
        assertThat(searches).extracting(RecordedCall::status).containsExactly(429, 200);
        assertThat(Duration.between(searches.get(0).time(), searches.get(1).time()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        assertThat(kafka.deadLettersOf(employee.id())).isEmpty();
    }

    @Test
    void waits_out_a_lasting_throttle_alerts_once_and_says_when_it_is_over() throws Exception {
        Instant start = Instant.now();
        SimulatedEmployee employee = hibob.hire(NewHire.of("Long", "Throttle"));
        // Longer than the alert time (1 s): the administrator hears of it, once.
        hibob.faults().rateLimitFor(Duration.ofSeconds(4), 1);

        Sent updated = kafka.send("employee.updated", employee.id());
        await().atMost(EnrichKafka.WAIT).until(() -> searchesFor(employee.id()).stream()
                .filter(call -> call.status() == 429).count() >= 2);
        JsonNode throttle = JsonMapper.builder().build().readTree(get(managementPort, "/actuator/health").body())
                .at("/components/hibobThrottle");
        EmployeeSnapshot snapshot = kafka.awaitSnapshot(updated);

        assertThat(throttle.at("/status").asString()).as("throttled is not down: the webhooks wait").isEqualTo("UP");
        assertThat(throttle.at("/details/throttled").asBoolean()).isTrue();
        assertThat(throttle.at("/details/status").asInt()).isEqualTo(429);
        assertThat(snapshot.email()).isEqualTo(employee.email());
        assertThat(kafka.deadLettersOf(employee.id())).isEmpty();
        assertThat(kafka.awaitAlerts(alert -> alert.kind() == ConfigurationAlert.Kind.THROTTLED && alert.resolved()
                && alert.at().isAfter(start), 1)).singleElement()
                .satisfies(alert -> assertThat(alert.message()).contains("answers again"));
        List<ConfigurationAlert> throttleAlerts = kafka.alerts().stream()
                .filter(alert -> alert.kind() == ConfigurationAlert.Kind.THROTTLED && !alert.at().isBefore(start))
                .toList();
        assertThat(throttleAlerts).extracting(ConfigurationAlert::resolved).containsExactly(false, true);
        assertThat(throttleAlerts.get(0)).satisfies(alert -> {
            assertThat(alert.service()).isEqualTo("enrich-service");
            assertThat(alert.system()).isEqualTo("HiBob");
            assertThat(alert.status()).isEqualTo(429);
            assertThat(alert.key()).isEqualTo("enrich-service/HiBob/throttled");
        });
        List<RecordedCall> searches = searchesFor(employee.id());
        assertThat(searches).last().extracting(RecordedCall::status).isEqualTo(200);
        assertThat(meters.get("sync.api.throttled.answers").tag("system", "HiBob").counter().count())
                .isGreaterThanOrEqualTo(2);
        assertThat(meters.get("sync.api.throttled.seconds").tag("system", "HiBob").gauge().value()).isZero();
    }

    @Test
    void rides_out_a_hibob_outage_and_keeps_each_employees_changes_in_order() {
        SimulatedEmployee employee = hibob.hire(NewHire.of("Out", "Age").withDepartment("Engineering"));
        Instant outageEnds = Instant.now().plusSeconds(3);
        hibob.faults().failFor(503, Duration.ofSeconds(3));

        Sent first = kafka.send("employee.created", employee.id());
        await().atMost(EnrichKafka.WAIT).until(() -> searchesFor(employee.id()).stream().anyMatch(call -> call.status() == 503));
        hibob.update(employee.id(), Map.of("work.department", "Sales"));
        Sent second = kafka.send("employee.updated", employee.id());

        EmployeeSnapshot latest = kafka.awaitSnapshot(second);
        assertThat(latest.department()).isEqualTo("Sales");
        assertThat(latest.readAt()).isAfterOrEqualTo(outageEnds.minusMillis(100));
        List<String> order = kafka.snapshotsOf(employee.id()).stream().map(EmployeeSnapshot::deliveryId).toList();
        assertThat(order).last().isEqualTo(second.deliveryId());
        assertThat(order).as("an older change is never published after a newer one")
                .doesNotContainSequence(second.deliveryId(), first.deliveryId());
        assertThat(kafka.deadLettersOf(employee.id())).isEmpty();
    }

    @Test
    void dead_letters_a_webhook_about_an_employee_hibob_never_shows_after_the_grace_period() {
        String unknown = "3332883000000" + String.format("%06d", (int) (Math.random() * 1_000_000));
        SimulatedEmployee known = hibob.hire(NewHire.of("Still", "Here"));

        Sent lost = kafka.send("employee.created", unknown);
        Sent after = kafka.send("employee.updated", known.id());
        ConsumerRecord<String, byte[]> deadLetter = kafka.awaitDeadLetter(lost);

        assertThat(deadLetter.key()).isEqualTo(unknown);
        assertThat(deadLetter.value()).isEqualTo(lost.body());
        assertThat(EnrichKafka.header(deadLetter, DeadLetterHeaders.FAILED_STAGE)).isEqualTo("enrich-service");
        assertThat(EnrichKafka.header(deadLetter, DeadLetterHeaders.EMPLOYEE_ID)).isEqualTo(unknown);
        assertThat(EnrichKafka.header(deadLetter, "kafka_dlt-exception-message"))
                .contains("HiBob has no employee " + unknown + ": deleted, or the service user cannot see them");
        assertThat(EnrichKafka.header(deadLetter, "kafka_dlt-original-topic")).isEqualTo(Topics.HIBOB_WEBHOOKS);
        // Given up only after the grace period: a new hire may take a moment to become readable.
        assertThat(EnrichKafka.header(deadLetter, "kafka_dlt-exception-message"))
                .containsPattern("still missing ([2-9]|\\d\\d+) s after the webhook");
        assertThat(kafka.awaitSnapshot(after).employeeId()).isEqualTo(known.id());
        assertThat(meters.counter("enrich.webhooks.consumed", "type", "employee.created", "outcome", "dead_lettered")
                .count()).isPositive();
    }

    @Test
    void dead_letters_at_once_what_retrying_cannot_fix() {
        byte[] notJson = "{\"type\": \"employee.updated\", ".getBytes(StandardCharsets.UTF_8);
        Sent garbage = kafka.send(notJson, "3332883000000000001", "employee.updated");
        ConsumerRecord<String, byte[]> invalid = kafka.awaitDeadLetter(garbage);
        assertThat(EnrichKafka.header(invalid, "kafka_dlt-exception-message")).contains("is not a HiBob webhook");

        SimulatedEmployee employee = hibob.hire(NewHire.of("Bad", "Request"));
        hibob.faults().failNext(400, 1);
        Sent refused = kafka.send("employee.updated", employee.id());
        ConsumerRecord<String, byte[]> rejected = kafka.awaitDeadLetter(refused);
        assertThat(EnrichKafka.header(rejected, "kafka_dlt-exception-message")).contains("HiBob refused a search")
                .contains(employee.id());
        assertThat(searchesFor(employee.id())).as("no retry of a 400").hasSize(1);

        // The next webhook about the same employee goes through.
        assertThat(kafka.awaitSnapshot(kafka.send("employee.updated", employee.id())).email())
                .isEqualTo(employee.email());
    }

    private double skipped(String type) {
        return meters.counter("enrich.webhooks.consumed", "type", type, "outcome", "skipped").count();
    }

    private static List<RecordedCall> searchesFor(String employeeId) {
        return hibob.callLog().calls("POST", "/v1/people/search").stream()
                .filter(call -> call.body().contains(employeeId))
                .toList();
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
