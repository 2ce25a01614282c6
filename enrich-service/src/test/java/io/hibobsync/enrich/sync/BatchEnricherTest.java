package io.hibobsync.enrich.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hibobsync.contracts.EmployeeSnapshot;
import io.hibobsync.contracts.WebhookEnvelope.InvalidWebhookException;
import io.hibobsync.enrich.ApplicationYml;
import io.hibobsync.enrich.TestWebhooks;
import io.hibobsync.enrich.hibob.DeletionNotConfirmedException;
import io.hibobsync.enrich.hibob.DeletionNotConfirmedYetException;
import io.hibobsync.enrich.hibob.EmployeeNormalizer;
import io.hibobsync.enrich.hibob.EmployeeNotFoundException;
import io.hibobsync.enrich.hibob.EmployeeNotVisibleYetException;
import io.hibobsync.enrich.hibob.EmployeeSearch;
import io.hibobsync.enrich.hibob.FullSyncProperties;
import io.hibobsync.enrich.hibob.HibobClient;
import io.hibobsync.enrich.hibob.HibobProperties;
import io.hibobsync.enrich.hibob.HibobUnavailableException;
import io.hibobsync.enrich.hibob.SearchBudget;
import io.hibobsync.enrich.hibob.SearchBudgetSpentException;
import io.hibobsync.enrich.kafka.RetryPolicy;
import io.hibobsync.enrich.sync.BatchEnricher.Unpublished;
import io.hibobsync.enrich.sync.EnrichedBatch.PlannedSnapshot;
import io.hibobsync.kafka.ThrottleIncident;
import io.hibobsync.kafka.test.MutableClock;
import io.hibobsync.simulator.hibob.HibobSimulator;
import io.hibobsync.simulator.hibob.NewHire;
import io.hibobsync.simulator.hibob.SimulatedEmployee;
import io.hibobsync.simulator.support.RecordedCall;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * One poll of webhooks, against the HiBob simulator: few searches, one snapshot per employee, failures located, and
 * a deletion only once HiBob confirms it.
 */
class BatchEnricherTest {

    private static final HibobSimulator hibob = HibobSimulator.start(Map.of(
            "HIBOB_SIM_SEED_EMPLOYEES", 3,
            "HIBOB_SIM_RANDOM_SEED", 43,
            "HIBOB_SIM_SEARCH_RATE_LIMIT_PER_MINUTE", 1000));

    private static final List<Duration> REREAD_BACKOFF = List.of(Duration.ofMillis(100), Duration.ofMillis(100));

    private final List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private LaggingSearch hibobSearch;

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
        MutableClock clock = new MutableClock(Instant.now());
        BatchEnricher later = enricher(properties(100, Duration.ofMinutes(10), REREAD_BACKOFF),
                new SearchBudget(1000, clock, meters), clock);
        add("employee.created", unknown, clock.instant());
        assertThat(later.enrich(batch).failure().cause()).isInstanceOf(EmployeeNotVisibleYetException.class);
        clock.advance(Duration.ofSeconds(61));
        EnrichedBatch stale = later.enrich(batch);

        assertThat(stale.failure().cause()).isInstanceOf(EmployeeNotFoundException.class)
                .hasMessageContaining("HiBob has no employee " + unknown + ": deleted, or the service user cannot see them");
    }

    @Test
    void a_webhook_read_long_after_its_receipt_gets_the_whole_grace_so_a_deletion_on_its_way_is_not_a_false_alarm() {
        // An update stored before a broker outage is read 5 minutes late: HiBob deleted the employee meanwhile,
        // and the deletion's webhook is still on its way.
        MutableClock clock = new MutableClock(Instant.now());
        BatchEnricher enricher = enricher(properties(100, Duration.ofMinutes(10), REREAD_BACKOFF),
                new SearchBudget(1000, clock, meters), clock);
        String deleted = "3332883000000000043";
        add("employee.updated", deleted, clock.instant().minus(Duration.ofMinutes(5)));

        EnrichedBatch late = enricher.enrich(batch);
        assertThat(late.failure().cause()).as("retried, not dead-lettered and mailed")
                .isInstanceOf(EmployeeNotVisibleYetException.class);

        clock.advance(Duration.ofSeconds(20));
        add("employee.deleted", deleted, clock.instant());
        EnrichedBatch retried = enricher.enrich(batch);

        assertThat(retried.failure()).isNull();
        assertThat(retried.snapshots()).singleElement().satisfies(planned -> {
            assertThat(planned.snapshot().deleted()).isTrue();
            assertThat(planned.covers()).extracting(ReceivedWebhook::index).containsExactly(0, 1);
        });
    }

    @Test
    void employees_missing_together_are_given_up_together_not_one_grace_after_another() {
        MutableClock clock = new MutableClock(Instant.now());
        BatchEnricher enricher = enricher(properties(100, Duration.ofMinutes(10), REREAD_BACKOFF),
                new SearchBudget(1000, clock, meters), clock);
        Instant received = clock.instant();
        String first = "3332883000000000044";
        String second = "3332883000000000045";

        // The retried polls bring only the first one (a poll need not hold every partition) until it is given up.
        clock.advance(Duration.ofSeconds(1));
        add("employee.created", first, received);
        assertThat(enricher.enrich(batch).failure().cause()).isInstanceOf(EmployeeNotVisibleYetException.class);
        clock.advance(Duration.ofSeconds(61));
        assertThat(enricher.enrich(batch).failure().cause()).isInstanceOf(EmployeeNotFoundException.class);

        batch.clear();
        add("employee.created", second, received);
        assertThat(enricher.enrich(batch).failure().cause()).as("searches went on: no second grace")
                .isInstanceOf(EmployeeNotFoundException.class);
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

    // A read that shows no change of what a webhook says changed may lag behind HiBob: it is read again.

    @Test
    void a_webhook_without_field_updates_is_published_as_read() {
        BatchEnricher enricher = enricher(100);
        SimulatedEmployee employee = knownTo(enricher);
        changeLagging(employee, Map.of("work.department", "Sales"), 1);
        addUpdate(employee.id(), null);

        EnrichedBatch result = enricher.enrich(batch);

        assertThat(result.failure()).isNull();
        assertThat(hibobSearch.searches()).hasSize(1);
        assertThat(snapshotOf(result, employee.id()).department()).isEqualTo("Engineering");
        assertThat(rereads("changed") + rereads("unchanged")).isZero();
    }

    @Test
    void a_read_showing_a_named_field_changed_is_published_at_once() {
        BatchEnricher enricher = enricher(100);
        SimulatedEmployee employee = knownTo(enricher);
        hibob.update(employee.id(), Map.of("work.department", "Sales"));
        addUpdate(employee.id(), "[\"work.department\", \"work.site\"]");

        EnrichedBatch result = enricher.enrich(batch);

        assertThat(result.failure()).isNull();
        assertThat(hibobSearch.searches()).hasSize(1);
        assertThat(snapshotOf(result, employee.id()).department()).isEqualTo("Sales");
        assertThat(rereads("changed") + rereads("unchanged")).isZero();
    }

    @Test
    void a_read_showing_no_change_of_a_named_field_is_read_again_and_published_with_the_change() {
        BatchEnricher enricher = enricher(100);
        SimulatedEmployee employee = knownTo(enricher);
        changeLagging(employee, Map.of("work.department", "Sales"), 1);
        addUpdate(employee.id(), "[\"work.department\"]");
        RecordingSink sink = new RecordingSink();

        EnrichedBatch result = enricher.enrich(batch, sink);

        assertThat(result.failure()).isNull();
        List<Instant> searches = hibobSearch.times();
        assertThat(searches).hasSize(2);
        assertThat(Duration.between(searches.get(0), searches.get(1))).as("the back-off")
                .isGreaterThanOrEqualTo(REREAD_BACKOFF.get(0));
        // The stale read was never published: only the re-read, which shows the change.
        assertThat(sink.stages).flatExtracting(stage -> stage).singleElement()
                .satisfies(planned -> assertThat(planned.snapshot().department()).isEqualTo("Sales"));
        EmployeeSnapshot snapshot = snapshotOf(result, employee.id());
        assertThat(snapshot.department()).isEqualTo("Sales");
        assertThat(snapshot.readAt()).isAfterOrEqualTo(searches.get(1));
        assertThat(rereads("changed")).isEqualTo(1);
    }

    @Test
    void a_read_still_showing_no_change_after_the_last_back_off_is_published_as_hibob_says() {
        BatchEnricher enricher = enricher(100);
        SimulatedEmployee employee = knownTo(enricher);
        changeLagging(employee, Map.of("work.department", "Sales"), 10);
        addUpdate(employee.id(), "[\"work.department\"]");

        EnrichedBatch result = enricher.enrich(batch);

        assertThat(result.failure()).isNull();
        // The first read and one re-read per back-off, then HiBob's word is final.
        assertThat(hibobSearch.searches()).hasSize(1 + REREAD_BACKOFF.size());
        assertThat(snapshotOf(result, employee.id()).department()).isEqualTo("Engineering");
        assertThat(rereads("unchanged")).isEqualTo(1);
        assertThat(rereads("changed")).isZero();
    }

    @Test
    void a_webhook_naming_only_fields_the_sync_does_not_map_is_not_read_again() {
        BatchEnricher enricher = enricher(100);
        SimulatedEmployee employee = knownTo(enricher);
        changeLagging(employee, Map.of("work.department", "Sales"), 1);
        addUpdate(employee.id(), "[\"payroll.salary\", {\"fieldId\": \"about.hobbies\"}, 42]");

        EnrichedBatch result = enricher.enrich(batch);

        assertThat(result.failure()).isNull();
        assertThat(hibobSearch.searches()).hasSize(1);
        assertThat(snapshotOf(result, employee.id()).department()).isEqualTo("Engineering");
    }

    @Test
    void stale_reads_of_a_poll_are_read_again_in_one_search_while_the_rest_is_published_at_once() {
        BatchEnricher enricher = enricher(100);
        List<SimulatedEmployee> known = List.of(knownTo(enricher), knownTo(enricher), knownTo(enricher));
        known.forEach(employee -> changeLagging(employee, Map.of("work.department", "Sales"), 1));
        SimulatedEmployee newcomer = hire(1).get(0);
        add("employee.created", newcomer.id(), Instant.now());
        // fieldUpdates as objects, the other shape HiBob may use.
        known.forEach(employee -> addUpdate(employee.id(),
                "[{\"fieldId\": \"work.department\", \"fieldPath\": \"/work/department\"}]"));
        RecordingSink sink = new RecordingSink();

        EnrichedBatch result = enricher.enrich(batch, sink);

        assertThat(result.failure()).isNull();
        List<String> knownIds = known.stream().map(SimulatedEmployee::id).toList();
        assertThat(hibobSearch.searches()).hasSize(2);
        assertThat(hibobSearch.searches().get(1)).as("one re-read for all").containsExactlyElementsOf(knownIds);
        assertThat(sink.stages).hasSize(2);
        assertThat(sink.stages.get(0)).extracting(planned -> planned.snapshot().employeeId())
                .containsExactly(newcomer.id());
        assertThat(sink.times.get(0)).as("published before the back-off").isBefore(hibobSearch.times().get(1));
        assertThat(sink.stages.get(1)).extracting(planned -> planned.snapshot().employeeId())
                .containsExactlyElementsOf(knownIds);
        assertThat(sink.stages.get(1)).allSatisfy(planned ->
                assertThat(planned.snapshot().department()).isEqualTo("Sales"));
        assertThat(result.snapshots()).hasSize(4);
        assertThat(rereads("changed")).isEqualTo(3);
    }

    @Test
    void a_webhook_delivered_again_after_its_snapshot_was_published_is_not_read_again() {
        BatchEnricher enricher = enricher(100);
        SimulatedEmployee employee = knownTo(enricher);
        hibob.update(employee.id(), Map.of("work.department", "Sales"));
        addUpdate(employee.id(), "[\"work.department\"]");
        assertThat(snapshotOf(enricher.enrich(batch), employee.id()).department()).isEqualTo("Sales");
        hibobSearch.clear();

        // The same record again (e.g. its commit was lost): nothing new to expect from HiBob.
        EnrichedBatch again = enricher.enrich(batch);

        assertThat(again.failure()).isNull();
        assertThat(hibobSearch.searches()).hasSize(1);
    }

    // A retry reads again only what failed.

    @Test
    void a_retry_searches_only_for_the_employees_the_failed_attempt_did_not_read() {
        List<SimulatedEmployee> employees = hire(2);
        SimulatedEmployee read = employees.get(0);
        SimulatedEmployee failed = employees.get(1);
        BatchEnricher enricher = enricher(1);
        add("employee.updated", read.id(), Instant.now());
        add("employee.updated", failed.id(), Instant.now());
        add("employee.updated", read.id(), Instant.now());
        hibobSearch.failSearch(2, new HibobUnavailableException("HiBob answered 503", List.of(failed.id()), null));

        EnrichedBatch first = enricher.enrich(batch);

        assertThat(first.failedAt()).isEqualTo(1);
        assertThat(first.snapshots()).singleElement().satisfies(planned ->
                assertThat(planned.covers()).extracting(ReceivedWebhook::index).containsExactly(0, 2));
        hibobSearch.clear();

        // Delivered again from the failed record on: the other employee was read, their read is reused.
        EnrichedBatch retried = enricher.enrich(List.copyOf(batch.subList(1, 3)));

        assertThat(retried.failure()).isNull();
        assertThat(hibobSearch.searches()).containsExactly(List.of(failed.id()));
        assertThat(snapshotOf(retried, read.id()).readAt()).isEqualTo(snapshotOf(first, read.id()).readAt());
        assertThat(snapshotOf(retried, read.id()).email()).isEqualTo(read.email());
        assertThat(snapshotOf(retried, failed.id()).email()).isEqualTo(failed.email());
    }

    @Test
    void a_kept_read_is_not_reused_for_a_webhook_that_came_after_it() {
        List<SimulatedEmployee> employees = hire(2);
        SimulatedEmployee read = employees.get(0);
        SimulatedEmployee failed = employees.get(1);
        BatchEnricher enricher = enricher(1);
        add("employee.updated", read.id(), Instant.now());
        add("employee.updated", failed.id(), Instant.now());
        add("employee.updated", read.id(), Instant.now());
        hibobSearch.failSearch(2, new HibobUnavailableException("HiBob answered 503", List.of(failed.id()), null));
        assertThat(enricher.enrich(batch).failedAt()).isEqualTo(1);
        hibobSearch.clear();
        // A new change of the first employee arrives before the retry: the old read does not answer it.
        hibob.update(read.id(), Map.of("work.department", "Sales"));
        add("employee.updated", read.id(), Instant.now());

        EnrichedBatch retried = enricher.enrich(List.copyOf(batch.subList(1, 4)));

        assertThat(retried.failure()).isNull();
        assertThat(hibobSearch.searches()).containsExactly(List.of(failed.id()), List.of(read.id()));
        assertThat(snapshotOf(retried, read.id()).department()).isEqualTo("Sales");
    }

    // The search budget: HIBOB_SEARCHES_PER_MINUTE for the whole service.

    @Test
    void the_search_budget_never_starts_more_than_its_limit_in_any_minute() {
        MutableClock clock = new MutableClock(Instant.parse("2025-01-08T13:00:00Z"));
        // 20 a minute: paced past 15, the last five are up to 12 s apart, more than a thread waits in line.
        SearchBudget budget = new SearchBudget(20, clock, meters);
        Random random = new Random(7);
        List<Instant> starts = new ArrayList<>();
        int paused = 0;
        for (int i = 0; i < 3000; i++) {
            clock.advance(Duration.ofMillis(random.nextInt(random.nextBoolean() ? 50 : 2000)));
            try {
                Duration wait = budget.take(SearchBudget.LONGEST_WAIT_IN_LINE, List.of("3332883911884669725"));
                assertThat(wait).isBetween(Duration.ZERO, SearchBudget.LONGEST_WAIT_IN_LINE);
                // The caller waits in line, then searches.
                clock.advance(wait);
                starts.add(clock.instant());
            } catch (SearchBudgetSpentException spent) {
                paused++;
                assertThat(spent.retryAfter()).isGreaterThan(SearchBudget.LONGEST_WAIT_IN_LINE)
                        .isLessThanOrEqualTo(Duration.ofSeconds(61));
                assertThat(RetryPolicy.kind(spent)).isEqualTo(RetryPolicy.Kind.RATE_LIMITED);
            }
        }

        assertThat(paused).as("asked for more than the budget at times").isPositive();
        long busiest = 0;
        for (Instant start : starts) {
            long inWindow = starts.stream()
                    .filter(other -> !other.isBefore(start) && other.isBefore(start.plus(Duration.ofSeconds(60))))
                    .count();
            assertThat(inWindow).as("searches in the minute from %s", start).isLessThanOrEqualTo(20);
            busiest = Math.max(busiest, inWindow);
        }
        assertThat(busiest).as("and the budget is used").isEqualTo(20);
    }

    @Test
    void past_three_quarters_of_the_budget_the_rest_of_the_minute_is_spread_instead_of_spent_at_once() {
        MutableClock clock = new MutableClock(Instant.parse("2025-01-08T13:00:00Z"));
        SearchBudget budget = new SearchBudget(8, clock, meters);
        List<String> ids = List.of("3332883911884669725");
        for (int i = 0; i < 6; i++) {
            assertThat(budget.take(Duration.ZERO, ids)).isZero();
        }

        // Two left of eight and 61 s until the first six stop counting: about 20 s apart, not both now.
        assertThat(budget.remaining()).as("nothing may start now").isZero();
        for (int paced = 0; paced < 3; paced++) {
            SearchBudgetSpentException spent = catchThrowableOfType(SearchBudgetSpentException.class,
                    () -> budget.take(SearchBudget.LONGEST_WAIT_IN_LINE, ids));
            assertThat(spent.retryAfter()).isBetween(Duration.ofMillis(20_300), Duration.ofMillis(20_400));
            clock.advance(spent.retryAfter());
            assertThat(budget.take(Duration.ZERO, ids)).isZero();
        }
        // The first six count no longer: a new minute, spent at once again up to its three quarters.
        assertThat(budget.take(Duration.ZERO, ids)).isZero();
    }

    @Test
    void the_search_budget_shows_what_is_left() {
        MutableClock clock = new MutableClock(Instant.parse("2025-01-08T13:00:00Z"));
        SearchBudget budget = new SearchBudget(3, clock, meters);

        assertThat(meters.get("hibob.search.budget.remaining").gauge().value()).isEqualTo(3);
        budget.take(Duration.ZERO, List.of("1"));
        budget.take(Duration.ZERO, List.of("2"));
        clock.advance(Duration.ofSeconds(30));
        budget.take(Duration.ZERO, List.of("3"));
        assertThat(meters.get("hibob.search.budget.remaining").gauge().value()).isZero();
        clock.advance(Duration.ofSeconds(31));
        assertThat(budget.remaining()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(30));
        assertThat(budget.remaining()).isEqualTo(3);
    }

    @Test
    void a_poll_needing_more_searches_than_the_budget_has_left_pauses_for_the_rest() {
        MutableClock clock = new MutableClock(Instant.now());
        SearchBudget budget = new SearchBudget(3, clock, meters);
        BatchEnricher enricher = enricher(properties(1, Duration.ofMinutes(10), REREAD_BACKOFF), budget);
        hire(5).forEach(employee -> add("employee.updated", employee.id(), Instant.now()));

        EnrichedBatch result = enricher.enrich(batch);

        assertThat(hibobSearch.searches()).hasSize(3);
        assertThat(result.snapshots()).hasSize(3);
        assertThat(result.failedAt()).isEqualTo(3);
        assertThat(result.failure().cause()).isInstanceOfSatisfying(SearchBudgetSpentException.class, spent -> {
            assertThat(spent.retryAfter()).isBetween(Duration.ofSeconds(60), Duration.ofSeconds(61));
            assertThat(RetryPolicy.kind(spent)).as("the container pauses, as for a 429")
                    .isEqualTo(RetryPolicy.Kind.RATE_LIMITED);
        }).hasMessageContaining("HIBOB_SEARCHES_PER_MINUTE");
        assertThat(budget.remaining()).isZero();

        clock.advance(((SearchBudgetSpentException) result.failure().cause()).retryAfter());
        EnrichedBatch retried = enricher.enrich(List.copyOf(batch.subList(3, 5)));

        assertThat(retried.failure()).isNull();
        assertThat(retried.snapshots()).hasSize(2);
        assertThat(hibobSearch.searches()).hasSize(5);
    }

    private BatchEnricher enricher(int searchBatchSize) {
        return enricher(searchBatchSize, Duration.ofMinutes(10));
    }

    private BatchEnricher enricher(int searchBatchSize, Duration deletionGrace) {
        HibobProperties properties = properties(searchBatchSize, deletionGrace, REREAD_BACKOFF);
        return enricher(properties, new SearchBudget(1000, Clock.systemUTC(), meters));
    }

    private BatchEnricher enricher(HibobProperties properties, SearchBudget budget) {
        return enricher(properties, budget, Clock.systemUTC());
    }

    private BatchEnricher enricher(HibobProperties properties, SearchBudget budget, Clock clock) {
        hibobSearch = new LaggingSearch(client(properties));
        return new BatchEnricher(hibobSearch, properties, budget, new EnrichMetrics(meters), Duration.ofMinutes(5),
                clock);
    }

    private static HibobProperties properties(int searchBatchSize, Duration deletionGrace, List<Duration> rereads) {
        return ApplicationYml.bind(HibobProperties.class, Map.of("HIBOB_API_URL", hibob.apiUrl(),
                "HIBOB_SERVICE_USER_ID", hibob.serviceUserId(), "HIBOB_SERVICE_USER_TOKEN", hibob.serviceUserToken(),
                "HIBOB_SEARCH_BATCH_SIZE", String.valueOf(searchBatchSize), "HIBOB_READ_DELAY", "0s",
                "HIBOB_NOT_FOUND_GRACE", "60s", "HIBOB_DELETION_GRACE", deletionGrace.toString(),
                "HIBOB_REREAD_BACKOFF", rereads.stream().map(Duration::toString).collect(Collectors.joining(","))));
    }

    private HibobClient client(HibobProperties properties) {
        var throttle = new ThrottleIncident("enrich-service", "HiBob", properties.throttleAlertAfter(),
                Duration.ofMinutes(5), alert -> true, meters, Clock.systemUTC());
        return new HibobClient(RestClient.builder(), properties, ApplicationYml.bind(FullSyncProperties.class), meters,
                throttle);
    }

    /** A new employee in Engineering, with a first snapshot published: the enricher knows what it published. */
    private SimulatedEmployee knownTo(BatchEnricher enricher) {
        SimulatedEmployee employee = hire(1).get(0);
        add("employee.created", employee.id(), Instant.now());
        assertThat(enricher.enrich(batch).snapshots()).hasSize(1);
        batch.clear();
        hibobSearch.clear();
        return employee;
    }

    /** Changes the employee in HiBob, but the next {@code searches} searches still show them as before. */
    private void changeLagging(SimulatedEmployee employee, Map<String, Object> change, int searches) {
        JsonNode before = hibobSearch.current(employee.id());
        hibob.update(employee.id(), change);
        hibobSearch.lag(employee.id(), before, searches);
    }

    private void addUpdate(String employeeId, String fieldUpdates) {
        addBody(TestWebhooks.event("employee.updated", employeeId, fieldUpdates), employeeId, "employee.updated",
                Instant.now());
    }

    private double rereads(String outcome) {
        var counter = meters.find("enrich.rereads").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
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

    /**
     * HiBob as the simulator answers, except that it can answer for an employee as before a change for a few searches
     * (a read that lags behind), or fail a given search. Records the searches.
     */
    static final class LaggingSearch implements EmployeeSearch {

        private final HibobClient real;
        private final Map<String, JsonNode> before = new HashMap<>();
        private final Map<String, Integer> lagging = new HashMap<>();
        private final Map<Integer, RuntimeException> failures = new HashMap<>();
        private final List<List<String>> searches = new ArrayList<>();
        private final List<Instant> times = new ArrayList<>();

        LaggingSearch(HibobClient real) {
            this.real = real;
        }

        @Override
        public synchronized List<JsonNode> search(List<String> employeeIds) {
            searches.add(List.copyOf(employeeIds));
            times.add(Instant.now());
            RuntimeException failure = failures.remove(searches.size());
            if (failure != null) {
                throw failure;
            }
            List<JsonNode> answer = new ArrayList<>();
            for (JsonNode employee : real.search(employeeIds)) {
                String id = EmployeeNormalizer.employeeId(employee);
                int left = lagging.getOrDefault(id, 0);
                if (left > 0) {
                    lagging.put(id, left - 1);
                    answer.add(before.get(id));
                } else {
                    answer.add(employee);
                }
            }
            return answer;
        }

        /** What HiBob says of the employee now (not recorded as a search). */
        JsonNode current(String employeeId) {
            return real.search(List.of(employeeId)).get(0);
        }

        synchronized void lag(String employeeId, JsonNode old, int searchesLeft) {
            before.put(employeeId, old);
            lagging.put(employeeId, searchesLeft);
        }

        /** The {@code number}-th search from now (1: the next) fails. */
        synchronized void failSearch(int number, RuntimeException failure) {
            failures.put(searches.size() + number, failure);
        }

        synchronized List<List<String>> searches() {
            return List.copyOf(searches);
        }

        synchronized List<Instant> times() {
            return List.copyOf(times);
        }

        synchronized void clear() {
            searches.clear();
            times.clear();
            failures.clear();
        }
    }

    /** Takes every snapshot, and remembers in which stage and when. */
    static final class RecordingSink implements BatchEnricher.Sink {

        final List<List<PlannedSnapshot>> stages = new ArrayList<>();
        final List<Instant> times = new ArrayList<>();

        @Override
        public Unpublished publish(List<PlannedSnapshot> snapshots) {
            stages.add(List.copyOf(snapshots));
            times.add(Instant.now());
            return new Unpublished(List.of(), null);
        }
    }
}
