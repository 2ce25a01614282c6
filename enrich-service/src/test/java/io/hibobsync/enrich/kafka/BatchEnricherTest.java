package io.hibobsync.enrich.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.hibobsync.contracts.EmployeeSnapshot;
import io.hibobsync.enrich.TestWebhooks;
import io.hibobsync.enrich.hibob.EmployeeNotFoundException;
import io.hibobsync.enrich.hibob.EmployeeNotVisibleYetException;
import io.hibobsync.enrich.hibob.HibobClient;
import io.hibobsync.enrich.hibob.HibobProperties;
import io.hibobsync.enrich.hibob.HibobUnavailableException;
import io.hibobsync.enrich.hibob.WebhookEnvelope.InvalidWebhookException;
import io.hibobsync.enrich.kafka.EnrichedBatch.PlannedSnapshot;
import io.hibobsync.simulator.hibob.HibobSimulator;
import io.hibobsync.simulator.hibob.NewHire;
import io.hibobsync.simulator.hibob.SimulatedEmployee;
import io.hibobsync.simulator.support.RecordedCall;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;

/** One poll of webhooks, against the HiBob simulator: few searches, one snapshot per employee, failures located. */
class BatchEnricherTest {

    private static final HibobSimulator hibob = HibobSimulator.start(Map.of(
            "HIBOB_SIM_SEED_EMPLOYEES", 3,
            "HIBOB_SIM_RANDOM_SEED", 43,
            "HIBOB_SIM_SEARCH_RATE_LIMIT_PER_MINUTE", 1000));

    private final List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>();

    @AfterAll
    static void stop() {
        hibob.close();
    }

    @BeforeEach
    void cleanSlate() {
        hibob.faults().clear();
        hibob.callLog().clear();
    }

    @Test
    void coalesces_a_burst_into_one_snapshot_per_employee_read_in_one_search() {
        List<SimulatedEmployee> employees = hire(10);
        Instant start = Instant.now().minusSeconds(5);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < employees.size(); i++) {
                add("employee.updated", employees.get(i).id(), start.plusMillis(round * 100L + i));
            }
        }

        EnrichedBatch result = enricher(100).enrich(batch);

        assertThat(result.failure()).isNull();
        assertThat(searches()).hasSize(1);
        assertThat(result.snapshots()).hasSize(10);
        for (int i = 0; i < employees.size(); i++) {
            EmployeeSnapshot snapshot = snapshotOf(result, employees.get(i).id());
            // The latest webhook's delivery, the earliest receipt.
            assertThat(snapshot.deliveryId()).isEqualTo(deliveryIdAt(20 + i));
            assertThat(snapshot.receivedAt()).isEqualTo(start.plusMillis(i));
            assertThat(snapshot.email()).isEqualTo(employees.get(i).email());
        }
    }

    @Test
    void reads_in_chunks_of_the_search_batch_size() {
        hire(10).forEach(employee -> add("employee.updated", employee.id(), Instant.now()));

        EnrichedBatch result = enricher(4).enrich(batch);

        assertThat(result.snapshots()).hasSize(10);
        assertThat(searches()).hasSize(3);
    }

    @Test
    void answers_everything_up_to_an_employee_deletion_with_one_deletion_and_no_read() {
        SimulatedEmployee leaving = hire(1).get(0);
        hibob.delete(leaving.id());
        add("employee.updated", leaving.id(), Instant.now().minusSeconds(3));
        addBody(TestWebhooks.deleted(leaving.id(), leaving.email()), leaving.id(), "employee.deleted", Instant.now());

        EnrichedBatch result = enricher(100).enrich(batch);

        assertThat(result.failure()).isNull();
        assertThat(searches()).isEmpty();
        assertThat(result.snapshots()).singleElement().satisfies(planned -> {
            assertThat(planned.covers()).hasSize(2);
            assertThat(planned.snapshot().deleted()).isTrue();
            assertThat(planned.snapshot().event()).isEqualTo("employee.deleted");
            assertThat(planned.snapshot().email()).isEqualTo(leaving.email());
            assertThat(planned.snapshot().deliveryId()).isEqualTo(deliveryIdAt(1));
            assertThat(planned.snapshot().receivedAt()).isEqualTo(receivedAtOf(0));
        });
    }

    @Test
    void stops_at_a_record_that_is_not_a_webhook_and_reads_only_what_comes_before() {
        List<SimulatedEmployee> employees = hire(2);
        add("employee.updated", employees.get(0).id(), Instant.now());
        batch.add(new ConsumerRecord<>("hibob-webhooks", 0, batch.size(), "x", "not json".getBytes(StandardCharsets.UTF_8)));
        add("employee.updated", employees.get(1).id(), Instant.now());

        EnrichedBatch result = enricher(100).enrich(batch);

        assertThat(result.failedAt()).isEqualTo(1);
        assertThat(result.failure().cause()).isInstanceOf(InvalidWebhookException.class)
                .hasMessageContaining("hibob-webhooks-0@1 is not a HiBob webhook");
        assertThat(result.snapshots()).extracting(planned -> planned.snapshot().employeeId())
                .containsExactly(employees.get(0).id());
        assertThat(searches()).singleElement().satisfies(call ->
                assertThat(call.body()).contains(employees.get(0).id()).doesNotContain(employees.get(1).id()));
    }

    @Test
    void an_employee_hibob_does_not_return_is_awaited_for_the_grace_period_then_given_up() {
        SimulatedEmployee known = hire(1).get(0);
        String unknown = "3332883000000000042";
        add("employee.updated", known.id(), Instant.now());
        add("employee.created", unknown, Instant.now());
        add("employee.updated", known.id(), Instant.now());

        EnrichedBatch fresh = enricher(100).enrich(batch);

        assertThat(fresh.failedAt()).isEqualTo(1);
        assertThat(fresh.failure().cause()).isInstanceOf(EmployeeNotVisibleYetException.class);
        // Only what comes before the failure is answered: the known employee's later webhook comes again.
        assertThat(fresh.snapshots()).singleElement()
                .satisfies(planned -> assertThat(planned.covers()).extracting(ReceivedWebhook::index).containsExactly(0, 2));

        batch.clear();
        add("employee.created", unknown, Instant.now().minus(Duration.ofMinutes(2)));
        EnrichedBatch stale = enricher(100).enrich(batch);

        assertThat(stale.failure().cause()).isInstanceOf(EmployeeNotFoundException.class)
                .hasMessageContaining("HiBob has no employee " + unknown + ": deleted, or the service user cannot see them");
    }

    @Test
    void a_failed_search_fails_from_the_first_webhook_it_was_for() {
        SimulatedEmployee employee = hire(1).get(0);
        addBody(TestWebhooks.aboutNoEmployee("timeoff.request.created"), null, "timeoff.request.created", Instant.now());
        add("employee.updated", employee.id(), Instant.now());
        hibob.faults().failNext(503, 1);

        EnrichedBatch result = enricher(100).enrich(batch);

        assertThat(result.failedAt()).isEqualTo(1);
        assertThat(result.failure().cause()).isInstanceOf(HibobUnavailableException.class);
        assertThat(result.snapshots()).isEmpty();
        assertThat(result.searched()).isFalse();
    }

    private BatchEnricher enricher(int searchBatchSize) {
        var properties = new HibobProperties(URI.create(hibob.apiUrl()), hibob.serviceUserId(),
                hibob.serviceUserToken(), List.of(), searchBatchSize, Duration.ZERO, Duration.ofSeconds(60), null,
                null, null);
        return new BatchEnricher(new HibobClient(RestClient.builder(), properties, new SimpleMeterRegistry()),
                properties);
    }

    private List<SimulatedEmployee> hire(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> hibob.hire(NewHire.of("Test" + i, "Person" + System.nanoTime()).withDepartment("Engineering")))
                .toList();
    }

    private void add(String type, String employeeId, Instant receivedAt) {
        addBody(TestWebhooks.event(type, employeeId), employeeId, type, receivedAt);
    }

    private void addBody(byte[] body, String key, String type, Instant receivedAt) {
        var record = new ConsumerRecord<String, byte[]>("hibob-webhooks", 0, batch.size(), key, body);
        TestWebhooks.addReceiptHeaders(record.headers(), body, type, receivedAt);
        batch.add(record);
    }

    private String deliveryIdAt(int index) {
        return TestWebhooks.deliveryId(batch.get(index).value());
    }

    private Instant receivedAtOf(int index) {
        return Instant.parse(new String(batch.get(index).headers().lastHeader("hibob-received-at").value(),
                StandardCharsets.UTF_8));
    }

    private static EmployeeSnapshot snapshotOf(EnrichedBatch result, String employeeId) {
        return result.snapshots().stream().map(PlannedSnapshot::snapshot)
                .filter(snapshot -> snapshot.employeeId().equals(employeeId)).findFirst().orElseThrow();
    }

    private static List<RecordedCall> searches() {
        return hibob.callLog().calls("POST", "/v1/people/search");
    }
}
