package io.hibobsync.enrich.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.hibobsync.contracts.EmployeeSnapshot;
import io.hibobsync.enrich.TestWebhooks;
import io.hibobsync.enrich.hibob.DeletionNotConfirmedException;
import io.hibobsync.enrich.hibob.DeletionNotConfirmedYetException;
import io.hibobsync.enrich.hibob.EmployeeNotFoundException;
import io.hibobsync.enrich.hibob.EmployeeNotVisibleYetException;
import io.hibobsync.enrich.hibob.HibobClient;
import io.hibobsync.enrich.hibob.HibobProperties;
import io.hibobsync.enrich.hibob.HibobUnavailableException;
import io.hibobsync.enrich.hibob.WebhookEnvelope.InvalidWebhookException;
import io.hibobsync.enrich.kafka.EnrichedBatch.PlannedSnapshot;
import io.hibobsync.kafka.ThrottleIncident;
import io.hibobsync.simulator.hibob.HibobSimulator;
import io.hibobsync.simulator.hibob.NewHire;
import io.hibobsync.simulator.hibob.SimulatedEmployee;
import io.hibobsync.simulator.support.RecordedCall;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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

/**
 * One poll of webhooks, against the HiBob simulator: few searches, one snapshot per employee, failures located, and
 * a deletion only once HiBob confirms it.
 */
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
    void publishes_a_deletion_only_once_hibob_no_longer_returns_the_employee() {
        SimulatedEmployee leaving = hire(1).get(0);
        hibob.delete(leaving.id());
        add("employee.updated", leaving.id(), Instant.now().minusSeconds(3));
        addBody(TestWebhooks.deleted(leaving.id(), leaving.email()), leaving.id(), "employee.deleted", Instant.now());
        Instant before = Instant.now();

        EnrichedBatch result = enricher(100).enrich(batch);

        assertThat(result.failure()).isNull();
        assertThat(searches()).singleElement().satisfies(call -> assertThat(call.body()).contains(leaving.id())
                .contains("\"fieldPath\":\"root.id\"", "\"showInactive\":true"));
        assertThat(result.snapshots()).singleElement().satisfies(planned -> {
            assertThat(planned.covers()).hasSize(2);
            assertThat(planned.snapshot().deleted()).isTrue();
            assertThat(planned.snapshot().event()).isEqualTo("employee.deleted");
            assertThat(planned.snapshot().email()).isEqualTo(leaving.email());
            assertThat(planned.snapshot().deliveryId()).isEqualTo(deliveryIdAt(1));
            assertThat(planned.snapshot().receivedAt()).isEqualTo(receivedAtOf(0));
            // Read time, not the webhook's: the writer takes whatever was read before it as stale.
            assertThat(planned.snapshot().readAt()).isAfterOrEqualTo(before).isBeforeOrEqualTo(Instant.now());
        });
    }

    @Test
    void a_deletion_hibob_does_not_confirm_is_retried_within_the_grace_and_nothing_is_deleted() {
        List<SimulatedEmployee> employees = hire(2);
        SimulatedEmployee stillHere = employees.get(0);
        add("employee.updated", stillHere.id(), Instant.now().minusSeconds(2));
        addBody(TestWebhooks.deleted(stillHere.id(), stillHere.email()), stillHere.id(), "employee.deleted",
                Instant.now().minusSeconds(1));
        add("employee.updated", employees.get(1).id(), Instant.now());

        EnrichedBatch result = enricher(100, Duration.ofMinutes(10)).enrich(batch);

        // The failure is the deletion itself: the update before it is answered by what HiBob says now.
        assertThat(result.failedAt()).isEqualTo(1);
        assertThat(result.failure().cause()).isInstanceOfSatisfying(DeletionNotConfirmedYetException.class, e -> {
            assertThat(e.graceLeft()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(10));
            assertThat(RetryPolicy.kind(e)).isEqualTo(RetryPolicy.Kind.TRANSIENT);
        }).hasMessageContaining("HiBob still returns employee " + stillHere.id() + " (" + stillHere.email() + ")")
                .hasMessageContaining("status Active, lifecycle Employed")
                .hasMessageContaining("HIBOB_DELETION_GRACE");
        assertThat(result.snapshots()).singleElement().satisfies(planned -> {
            assertThat(planned.snapshot().deleted()).isFalse();
            assertThat(planned.snapshot().employeeId()).isEqualTo(stillHere.id());
            assertThat(planned.covers()).extracting(ReceivedWebhook::index).containsExactly(0);
        });
        assertThat(searches()).hasSize(1);
    }

    @Test
    void a_deletion_hibob_still_does_not_confirm_after_the_grace_is_given_up_with_what_to_do() {
        SimulatedEmployee stillHere = hire(1).get(0);
        addBody(TestWebhooks.deleted(stillHere.id(), stillHere.email()), stillHere.id(), "employee.deleted",
                Instant.now().minus(Duration.ofMinutes(11)));

        EnrichedBatch result = enricher(100, Duration.ofMinutes(10)).enrich(batch);

        assertThat(result.failedAt()).isZero();
        assertThat(result.snapshots()).isEmpty();
        assertThat(result.failure().cause()).isInstanceOfSatisfying(DeletionNotConfirmedException.class,
                        e -> assertThat(RetryPolicy.kind(e)).isEqualTo(RetryPolicy.Kind.PERMANENT))
                .hasMessageContaining("employee.deleted for employee " + stillHere.id() + " (" + stillHere.email() + ")")
                .hasMessageContaining("HiBob still returns them 11 min after employee.deleted")
                .hasMessageContaining("status Active, lifecycle Employed")
                .hasMessageContaining("Nothing was deleted or changed in Docebo")
                .hasMessageContaining("check that the HiBob service user can no longer see them")
                .hasMessageContaining("replay")
                .hasMessageContaining("old delivery sent again, there is nothing to do");
    }

    @Test
    void a_deletion_hibob_confirms_on_a_later_try_is_published_then() {
        SimulatedEmployee leaving = hire(1).get(0);
        addBody(TestWebhooks.deleted(leaving.id(), leaving.email()), leaving.id(), "employee.deleted", Instant.now());
        BatchEnricher enricher = enricher(100, Duration.ofMinutes(10));

        assertThat(enricher.enrich(batch).failure().cause()).isInstanceOf(DeletionNotConfirmedYetException.class);
        hibob.delete(leaving.id());
        EnrichedBatch retried = enricher.enrich(batch);

        assertThat(retried.failure()).isNull();
        assertThat(retried.snapshots()).singleElement().satisfies(planned -> {
            assertThat(planned.snapshot().deleted()).isTrue();
            assertThat(planned.snapshot().email()).isEqualTo(leaving.email());
        });
        assertThat(searches()).hasSize(2);
    }

    @Test
    void after_a_deletion_a_later_webhook_lets_hibob_decide() {
        // Deleted, then created again with the same id: HiBob has them, so they are not deleted.
        SimulatedEmployee back = hire(1).get(0);
        addBody(TestWebhooks.deleted(back.id(), back.email()), back.id(), "employee.deleted", Instant.now());
        add("employee.created", back.id(), Instant.now());
        // Deleted, then another change: HiBob has no such employee, so the deletion is confirmed.
        String gone = "3332883000000000077";
        addBody(TestWebhooks.deleted(gone, "gone@example.com"), gone, "employee.deleted", Instant.now());
        add("employee.updated", gone, Instant.now());

        EnrichedBatch result = enricher(100).enrich(batch);

        assertThat(result.failure()).isNull();
        assertThat(searches()).hasSize(1);
        assertThat(snapshotOf(result, back.id())).satisfies(snapshot -> {
            assertThat(snapshot.deleted()).isFalse();
            assertThat(snapshot.event()).isEqualTo("employee.created");
            assertThat(snapshot.email()).isEqualTo(back.email());
        });
        assertThat(snapshotOf(result, gone)).satisfies(snapshot -> {
            assertThat(snapshot.deleted()).isTrue();
            assertThat(snapshot.event()).isEqualTo("employee.deleted");
            assertThat(snapshot.email()).isEqualTo("gone@example.com");
            assertThat(snapshot.deliveryId()).isEqualTo(deliveryIdAt(2));
        });
        assertThat(result.snapshots()).allSatisfy(planned -> assertThat(planned.covers()).hasSize(2));
    }

    @Test
    void deletions_are_read_in_the_same_searches_as_the_other_webhooks() {
        List<SimulatedEmployee> employees = hire(8);
        for (int i = 0; i < employees.size(); i++) {
            SimulatedEmployee employee = employees.get(i);
            if (i % 3 == 0) {
                hibob.delete(employee.id());
                addBody(TestWebhooks.deleted(employee.id(), employee.email()), employee.id(), "employee.deleted",
                        Instant.now());
            } else {
                add("employee.updated", employee.id(), Instant.now());
            }
        }

        EnrichedBatch result = enricher(4).enrich(batch);

        assertThat(result.failure()).isNull();
        assertThat(searches()).hasSize(2);
        assertThat(result.snapshots()).hasSize(8);
        assertThat(result.snapshots()).filteredOn(planned -> planned.snapshot().deleted()).hasSize(3);
    }

    @Test
    void an_unconfirmed_deletion_late_in_the_batch_does_not_hold_up_what_comes_before_it() {
        List<SimulatedEmployee> employees = hire(2);
        SimulatedEmployee stillHere = employees.get(0);
        SimulatedEmployee other = employees.get(1);
        add("employee.updated", stillHere.id(), Instant.now());
        add("employee.updated", other.id(), Instant.now());
        addBody(TestWebhooks.deleted(stillHere.id(), stillHere.email()), stillHere.id(), "employee.deleted",
                Instant.now());

        // One id per search: the other employee is read in a search after the one that found the deletion unconfirmed.
        EnrichedBatch result = enricher(1).enrich(batch);

        assertThat(result.failedAt()).isEqualTo(2);
        assertThat(result.failure().cause()).isInstanceOf(DeletionNotConfirmedYetException.class);
        assertThat(searches()).hasSize(2);
        assertThat(result.snapshots()).extracting(planned -> planned.snapshot().employeeId())
                .containsExactly(stillHere.id(), other.id());
        assertThat(result.snapshots()).noneSatisfy(planned -> assertThat(planned.snapshot().deleted()).isTrue());
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
        return enricher(searchBatchSize, Duration.ofMinutes(10));
    }

    private BatchEnricher enricher(int searchBatchSize, Duration deletionGrace) {
        var properties = new HibobProperties(URI.create(hibob.apiUrl()), hibob.serviceUserId(),
                hibob.serviceUserToken(), List.of(), searchBatchSize, Duration.ZERO, Duration.ofSeconds(60),
                deletionGrace, null, null, null, null);
        var meters = new SimpleMeterRegistry();
        var throttle = new ThrottleIncident("enrich-service", "HiBob", properties.throttleAlertAfter(),
                Duration.ofMinutes(5), alert -> true, meters, Clock.systemUTC());
        return new BatchEnricher(new HibobClient(RestClient.builder(), properties, meters, throttle), properties);
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
