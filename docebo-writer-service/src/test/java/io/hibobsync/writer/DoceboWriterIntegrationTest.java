package io.hibobsync.writer;

import static io.hibobsync.writer.Snapshot.employee;
import static io.hibobsync.writer.WriterTestSupport.outcomes;
import static org.assertj.core.api.Assertions.assertThat;

import io.hibobsync.contracts.ConfigurationAlert;
import io.hibobsync.contracts.DeadLetterHeaders;
import io.hibobsync.contracts.SyncOutcome;
import io.hibobsync.contracts.SyncOutcome.Action;
import io.hibobsync.contracts.Topics;
import io.hibobsync.kafka.test.BrokerContents;
import io.hibobsync.kafka.test.KafkaTestBroker;
import io.hibobsync.kafka.test.TopicReader;
import io.hibobsync.simulator.docebo.DoceboSimulator;
import io.hibobsync.simulator.docebo.DoceboUser;
import io.hibobsync.simulator.docebo.SeedUser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** docebo-writer-service against a real broker and the Docebo simulator: every row of the behaviour table. */
@SpringBootTest
// Closed after the class: a cached writer would stay in the consumer group, talking to a stopped simulator.
@DirtiesContext
class DoceboWriterIntegrationTest {

    private static final KafkaTestBroker broker = KafkaTestBroker.shared();
    // Two users a page, so that finding a user means reading every page.
    private static final DoceboSimulator docebo = DoceboSimulator.start(Map.of(
            "DOCEBO_SIM_BATCH_PROCESSING_MS", 0, "DOCEBO_SIM_MAX_PAGE_SIZE", 2));
    private static final AtomicLong ids = new AtomicLong(3332883854254930000L);

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        WriterTestSupport.writerProperties(docebo, broker.bootstrapServers())
                .forEach((key, value) -> registry.add(key, () -> value));
        // The tests seed Docebo users as they go: a user list read by an earlier test (the first poll of a writer
        // that owns nobody reads it) must not hide them, so each lookup here is a search.
        registry.add("docebo.directory-ttl", () -> "1ms");
    }

    @AfterAll
    static void stopDocebo() {
        docebo.close();
    }

    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void clearFaults() {
        docebo.faults().clear();
    }

    @Test
    void declares_its_topics_on_a_broker_without_auto_creation() {
        assertThat(BrokerContents.topicNames(broker.bootstrapServers())).contains("hibob-employees",
                "hibob-employees-dlt", "docebo-sync-outcomes", "sync-alerts", "docebo-writer-memory");
    }

    @Test
    void creates_an_active_user_with_names_email_branch_time_zone_and_additional_fields() {
        String id = newEmployeeId();
        publish(employee(id).email("Grace.Hopper." + id + "@Example.com").name("Grace", "Hopper")
                .field("work.title", "Rear Admiral").event("employee.created"));

        SyncOutcome outcome = outcomes(broker.bootstrapServers(), id, 1).get(0);
        assertThat(outcome.action()).isEqualTo(Action.CREATED);
        assertThat(outcome.latencyMillis()).isNotNegative();
        DoceboUser user = docebo.user("grace.hopper." + id + "@example.com").orElseThrow();
        assertThat(String.valueOf(user.userId())).isEqualTo(outcome.doceboUserId());
        assertThat(user.firstName()).isEqualTo("Grace");
        assertThat(user.email()).isEqualTo("grace.hopper." + id + "@example.com");
        assertThat(user.active()).isTrue();
        assertThat(user.branches()).containsExactly("ENG");
        assertThat(user.timezone()).isEqualTo("Europe/London");
        assertThat(user.language()).isEqualTo("english");
        assertThat(user.fields()).containsEntry(5, "Rear Admiral");
        assertThat(meters.get("sync.records.processed").tag("outcome", "created").counter().count()).isPositive();
        assertThat(meters.get("sync.end.to.end.latency").timer().count()).isPositive();
    }

    @Test
    void creates_a_future_hire_as_an_inactive_user() {
        String id = newEmployeeId();
        publish(employee(id).active(false, "Hired").event("employee.created"));

        assertThat(outcomes(broker.bootstrapServers(), id, 1).get(0).action()).isEqualTo(Action.CREATED);
        assertThat(userOf(id).active()).isFalse();
    }

    @Test
    void updates_only_what_changed_and_calls_docebo_not_at_all_when_nothing_did() {
        String id = newEmployeeId();
        Instant first = Instant.now();
        publish(employee(id).readAt(first).department("Engineering"));
        outcomes(broker.bootstrapServers(), id, 1);
        int callsAfterCreate = docebo.callLog().calls().size();

        publish(employee(id).readAt(first.plusSeconds(1)).department("Engineering"),
                employee(id).readAt(first.plusSeconds(2)).department("Engineering"));
        List<SyncOutcome> unchanged = outcomes(broker.bootstrapServers(), id, 3);
        assertThat(unchanged).extracting(SyncOutcome::action).containsExactly(Action.CREATED, Action.UNCHANGED, Action.UNCHANGED);
        assertThat(docebo.callLog().calls().size()).as("Docebo calls for unchanged snapshots").isEqualTo(callsAfterCreate);

        publish(employee(id).readAt(first.plusSeconds(3)).name("Ada", "King").department("Sales"));
        SyncOutcome updated = outcomes(broker.bootstrapServers(), id, 4).get(3);
        assertThat(updated.action()).isEqualTo(Action.UPDATED);
        assertThat(updated.detail()).contains("lastname").contains("branch SALES").doesNotContain("firstname");
        assertThat(userOf(id).lastName()).isEqualTo("King");
        assertThat(userOf(id).branches()).contains("SALES");
    }

    @Test
    void deactivates_a_leaver_and_reactivates_the_same_account_on_rehire() {
        String id = newEmployeeId();
        Instant now = Instant.now();
        // One at a time, each applied before the next: in one poll only the newest would be written.
        publish(employee(id).readAt(now));
        outcomes(broker.bootstrapServers(), id, 1);
        publish(employee(id).readAt(now.plusSeconds(1)).active(false, "Terminated").event("employee.left"));
        outcomes(broker.bootstrapServers(), id, 2);
        publish(employee(id).readAt(now.plusSeconds(2)).active(true, "Employed").event("employee.activated"));

        List<SyncOutcome> outcomes = outcomes(broker.bootstrapServers(), id, 3);
        assertThat(outcomes).extracting(SyncOutcome::action)
                .containsExactly(Action.CREATED, Action.DEACTIVATED, Action.REACTIVATED);
        assertThat(outcomes).extracting(SyncOutcome::doceboUserId).containsOnly(outcomes.get(0).doceboUserId());
        assertThat(userOf(id).active()).isTrue();
    }

    @Test
    void skips_a_snapshot_read_before_the_one_already_applied() {
        String id = newEmployeeId();
        Instant now = Instant.now();
        publish(employee(id).readAt(now).active(false, "Terminated").event("employee.left"));
        outcomes(broker.bootstrapServers(), id, 1);
        publish(employee(id).readAt(now.minusSeconds(5)).active(true, "Employed").event("employee.updated"));

        assertThat(outcomes(broker.bootstrapServers(), id, 2)).extracting(SyncOutcome::action)
                .containsExactly(Action.CREATED, Action.STALE);
        assertThat(userOf(id).active()).isFalse();
    }

    @Test
    void deletes_the_linked_user_of_a_deleted_employee() {
        String id = newEmployeeId();
        publish(employee(id));
        outcomes(broker.bootstrapServers(), id, 1);

        publish(Snapshot.deletion(id, "Employee." + id + "@example.com"));

        assertThat(outcomes(broker.bootstrapServers(), id, 2).get(1).action()).isEqualTo(Action.DELETED);
        assertThat(docebo.user(username(id))).isEmpty();
    }

    @Test
    void matches_an_existing_user_on_a_later_search_page_by_email_in_another_case_instead_of_duplicating() {
        String id = newEmployeeId();
        for (int i = 0; i < 5; i++) {
            docebo.seedUser(SeedUser.of("other" + i + "." + id, "other" + i + "." + id + "@example.com"));
        }
        docebo.seedUser(SeedUser.of("legacy-" + id, "Employee." + id + "@EXAMPLE.com").withName("Ada", "Lovelace"));
        int usersBefore = docebo.users().size();

        publish(employee(id));

        SyncOutcome outcome = outcomes(broker.bootstrapServers(), id, 1).get(0);
        assertThat(outcome.action()).isEqualTo(Action.UPDATED);
        assertThat(docebo.users()).hasSize(usersBefore);
        // Adopted as it is: the username people sign in with is never renamed.
        assertThat(docebo.user("legacy-" + id)).hasValueSatisfying(user -> {
            assertThat(String.valueOf(user.userId())).isEqualTo(outcome.doceboUserId());
            assertThat(user.branches()).containsExactly("ENG");
        });
    }

    @Test
    void makes_the_manager_direct_manager_whether_they_arrive_before_or_after_the_subordinate() {
        String manager = newEmployeeId();
        String early = newEmployeeId();
        String late = newEmployeeId();
        publish(employee(early).manager(manager, "employee." + manager + "@example.com"));
        assertThat(outcomes(broker.bootstrapServers(), early, 1).get(0).detail()).contains("waits until manager");

        publish(employee(manager));
        publish(employee(late).manager(manager, "employee." + manager + "@example.com"));
        outcomes(broker.bootstrapServers(), late, 1);

        assertThat(userOf(early).directManager()).isEqualTo(username(manager));
        assertThat(userOf(late).directManager()).isEqualTo(username(manager));
    }

    @Test
    void keeps_a_field_hibob_withheld_instead_of_blanking_it() {
        String id = newEmployeeId();
        Instant now = Instant.now();
        publish(employee(id).readAt(now).field("work.title", "Engineer"));
        outcomes(broker.bootstrapServers(), id, 1);
        publish(employee(id).readAt(now.plusSeconds(1)).name(null, null).active(null, null));

        assertThat(outcomes(broker.bootstrapServers(), id, 2).get(1).action()).isEqualTo(Action.UNCHANGED);
        assertThat(userOf(id).firstName()).isEqualTo("Ada");
        assertThat(userOf(id).fields()).containsEntry(5, "Engineer");
        assertThat(userOf(id).active()).isTrue();
    }

    @Test
    void sends_an_employee_without_email_to_the_dead_letter_topic_with_a_failed_outcome() {
        String id = newEmployeeId();
        publish(employee(id).email(null));

        SyncOutcome outcome = outcomes(broker.bootstrapServers(), id, 1).get(0);
        assertThat(outcome.action()).isEqualTo(Action.FAILED);
        assertThat(outcome.detail()).contains("no work email");
        List<ConsumerRecord<String, byte[]>> deadLetters = TopicReader.read(broker.bootstrapServers(),
                Topics.deadLetterTopicOf(Topics.HIBOB_EMPLOYEES), record -> id.equals(record.key()), 1, Duration.ofSeconds(30));
        assertThat(deadLetters).hasSize(1);
        assertThat(new String(deadLetters.get(0).headers().lastHeader(DeadLetterHeaders.FAILED_STAGE).value(),
                StandardCharsets.UTF_8)).isEqualTo("docebo-writer-service");
    }

    @Test
    void refuses_an_account_linked_to_another_employee_with_a_dead_letter_that_says_why() {
        String original = newEmployeeId();
        String duplicate = newEmployeeId();
        Instant now = Instant.now();
        publish(employee(original).readAt(now));
        String userId = outcomes(broker.bootstrapServers(), original, 1).get(0).doceboUserId();

        // A duplicate HiBob profile of the same person: another id, the same email.
        publish(employee(duplicate).readAt(now).email("Employee." + original + "@example.com").name("Ada", "Copy"));

        SyncOutcome refused = outcomes(broker.bootstrapServers(), duplicate, 1).get(0);
        assertThat(refused.action()).isEqualTo(Action.FAILED);
        assertThat(refused.detail()).contains("already linked to employee " + original).contains(userId);
        ConsumerRecord<String, byte[]> deadLetter = TopicReader.read(broker.bootstrapServers(),
                Topics.deadLetterTopicOf(Topics.HIBOB_EMPLOYEES), record -> duplicate.equals(record.key()), 1,
                Duration.ofSeconds(30)).get(0);
        assertThat(new String(deadLetter.headers().lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8))
                .isEqualTo(DeadLetterHeaders.REASON_IDENTITY_CONFLICT);
        assertThat(userOf(original).lastName()).isEqualTo("Lovelace");
    }

    @Test
    void dead_letters_a_record_it_cannot_read_or_order_and_applies_the_rest_of_the_poll() throws Exception {
        String garbled = newEmployeeId();
        String undated = newEmployeeId();
        String fine = newEmployeeId();
        // A snapshot without readAt could not be told older than a deletion: refused, not applied.
        tools.jackson.databind.node.ObjectNode snapshot = WriterTestSupport.json.valueToTree(employee(undated).build());
        snapshot.putNull("readAt");
        String withoutReadAt = WriterTestSupport.json.writeValueAsString(snapshot);
        WriterTestSupport.publishRaw(broker.bootstrapServers(), List.of(
                Map.entry(garbled, "{not json".getBytes(StandardCharsets.UTF_8)),
                Map.entry(undated, withoutReadAt.getBytes(StandardCharsets.UTF_8))));
        publish(employee(fine));

        assertThat(outcomes(broker.bootstrapServers(), fine, 1).get(0).action()).isEqualTo(Action.CREATED);
        List<ConsumerRecord<String, byte[]>> deadLetters = TopicReader.read(broker.bootstrapServers(),
                Topics.deadLetterTopicOf(Topics.HIBOB_EMPLOYEES),
                record -> garbled.equals(record.key()) || undated.equals(record.key()), 2, Duration.ofSeconds(30));
        assertThat(deadLetters).extracting(ConsumerRecord::key).containsExactlyInAnyOrder(garbled, undated);
        assertThat(deadLetters).filteredOn(record -> undated.equals(record.key())).singleElement()
                .satisfies(record -> assertThat(new String(record.value(), StandardCharsets.UTF_8))
                        .isEqualTo(withoutReadAt));
        assertThat(docebo.user(username(undated))).isEmpty();
    }

    @Test
    void waits_out_docebo_rate_limiting_longer_than_the_retry_budget_and_dead_letters_nothing() {
        String id = newEmployeeId();
        docebo.faults().rateLimitFor(Duration.ofSeconds(10), 1);
        Instant limitStart = Instant.now();

        publish(employee(id));

        assertThat(outcomes(broker.bootstrapServers(), id, 1).get(0).action()).isEqualTo(Action.CREATED);
        assertThat(Duration.between(limitStart, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(9));
        assertThat(docebo.callLog().calls().stream().filter(call -> call.status() == 429)).isNotEmpty();
        assertThat(TopicReader.read(broker.bootstrapServers(), Topics.deadLetterTopicOf(Topics.HIBOB_EMPLOYEES),
                record -> id.equals(record.key()), 1, Duration.ofSeconds(1))).isEmpty();
        assertThat(meters.get("sync.api.throttled.answers").tag("system", "Docebo").counter().count()).isPositive();
    }

    @Test
    void applies_everything_after_a_docebo_outage_of_twenty_seconds() {
        String first = newEmployeeId();
        String second = newEmployeeId();
        docebo.faults().failFor(503, Duration.ofSeconds(20));
        Instant outageStart = Instant.now();

        publish(employee(first), employee(second));

        assertThat(outcomes(broker.bootstrapServers(), first, 1).get(0).action()).isEqualTo(Action.CREATED);
        assertThat(outcomes(broker.bootstrapServers(), second, 1).get(0).action()).isEqualTo(Action.CREATED);
        assertThat(Duration.between(outageStart, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(19));
        assertThat(docebo.callLog().calls().stream().filter(call -> call.status() == 503)).isNotEmpty();
    }

    @Test
    void holds_records_while_docebo_refuses_our_credentials_and_alerts_once_per_incident() {
        String id = newEmployeeId();
        Instant incidentStart = Instant.now();
        docebo.faults().failFor(401, Duration.ofSeconds(6));

        publish(employee(id));

        assertThat(outcomes(broker.bootstrapServers(), id, 1).get(0).action()).isEqualTo(Action.CREATED);
        List<ConfigurationAlert> alerts = TopicReader.read(broker.bootstrapServers(), Topics.SYNC_ALERTS,
                        record -> true, 100, Duration.ofSeconds(5)).stream()
                .map(record -> WriterTestSupport.json.readValue(record.value(), ConfigurationAlert.class))
                .filter(alert -> !alert.at().isBefore(incidentStart.minusSeconds(1)))
                .toList();
        assertThat(alerts).extracting(ConfigurationAlert::system, ConfigurationAlert::resolved)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Docebo", false),
                        org.assertj.core.groups.Tuple.tuple("Docebo", true));
        assertThat(alerts.get(0).message()).contains("DOCEBO_CLIENT_ID").doesNotContain(docebo.clientSecret());
        assertThat(TopicReader.read(broker.bootstrapServers(), Topics.deadLetterTopicOf(Topics.HIBOB_EMPLOYEES),
                record -> id.equals(record.key()), 1, Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void recreates_a_user_someone_deleted_in_docebo_since_it_was_synced() {
        String id = newEmployeeId();
        Instant now = Instant.now();
        publish(employee(id).readAt(now));
        String firstUserId = outcomes(broker.bootstrapServers(), id, 1).get(0).doceboUserId();
        docebo.deleteAsAdministrator(username(id));

        publish(employee(id).readAt(now.plusSeconds(1)).name("Ada", "Byron"));

        SyncOutcome outcome = outcomes(broker.bootstrapServers(), id, 2).get(1);
        assertThat(outcome.action()).isEqualTo(Action.CREATED);
        assertThat(outcome.doceboUserId()).isNotEqualTo(firstUserId);
        assertThat(userOf(id).lastName()).isEqualTo("Byron");
    }

    @Test
    void renews_a_revoked_token_once_and_goes_on() {
        String id = newEmployeeId();
        docebo.revokeTokens();

        publish(employee(id));

        assertThat(outcomes(broker.bootstrapServers(), id, 1).get(0).action()).isEqualTo(Action.CREATED);
    }

    private void publish(Snapshot... snapshots) {
        WriterTestSupport.publish(broker.bootstrapServers(),
                java.util.Arrays.stream(snapshots).map(Snapshot::build).toArray(io.hibobsync.contracts.EmployeeSnapshot[]::new));
    }

    private void publish(io.hibobsync.contracts.EmployeeSnapshot snapshot) {
        WriterTestSupport.publish(broker.bootstrapServers(), snapshot);
    }

    private static DoceboUser userOf(String employeeId) {
        return docebo.user(username(employeeId)).orElseThrow(() -> new AssertionError("no Docebo user for " + employeeId));
    }

    private static String username(String employeeId) {
        return "employee." + employeeId + "@example.com";
    }

    private static String newEmployeeId() {
        return String.valueOf(ids.incrementAndGet());
    }
}
