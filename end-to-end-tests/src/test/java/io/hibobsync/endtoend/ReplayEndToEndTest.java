package io.hibobsync.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hibobsync.contracts.SyncOutcome;
import io.hibobsync.contracts.SyncOutcome.Action;
import io.hibobsync.contracts.Topics;
import io.hibobsync.kafka.test.BrokerContents;
import io.hibobsync.kafka.test.TopicReader;
import io.hibobsync.simulator.docebo.DoceboSimulator;
import io.hibobsync.simulator.docebo.DoceboUser;
import io.hibobsync.simulator.docebo.SeedUser;
import io.hibobsync.simulator.hibob.HibobSimulator;
import io.hibobsync.simulator.hibob.NewHire;
import io.hibobsync.simulator.hibob.SimulatedEmployee;
import io.hibobsync.simulator.support.RecordedCall;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 5's recovery, on the product as shipped: a change the writer cannot apply goes to
 * {@code hibob-employees-dlt}; once the cause is fixed, {@code sync-replay dlt} (the shipped jar) moves it back and
 * the user is synced; moving it again leaves Docebo as it is, with no Docebo call beyond reads.
 * <p>
 * It runs on a broker of its own, so the services' committed offsets and the writer's memory start empty whatever
 * other end-to-end tests did before.
 */
class ReplayEndToEndTest {

    private static final String SECRET = "replay-end-to-end-webhook-secret";
    private static final Duration ARRIVAL = Duration.ofSeconds(60);
    private static final String EMPLOYEES_DLT = Topics.deadLetterTopicOf(Topics.HIBOB_EMPLOYEES);
    private static final JsonMapper json = JsonMapper.builder().build();

    private static SyncStack stack;
    private static HibobSimulator hibob;
    private static DoceboSimulator docebo;
    private static SyncReplayJar syncReplay;

    @BeforeAll
    static void startTheProduct() throws Exception {
        stack = SyncStack.start(SyncStack.named("replay").secret(SECRET)
                .hibob(Map.of("HIBOB_SIM_SEED_EMPLOYEES", 3))
                .docebo(Map.of("DOCEBO_SIM_BATCH_PROCESSING_MS", 0))
                .service(SyncStack.INGEST)
                .service(SyncStack.ENRICH, Map.of("HIBOB_READ_DELAY", "0s"))
                // Research maps to a branch Docebo does not have yet: the mistake this test makes and then fixes.
                .service(SyncStack.WRITER, Map.of("DOCEBO_DEPARTMENT_BRANCHES", "Engineering=ENG,Research=RND")));
        hibob = stack.hibob;
        docebo = stack.docebo;
        assertThat(stack.registerWebhook()).as("ingest answered HiBob's Ping test").isTrue();
        syncReplay = new SyncReplayJar(stack.bootstrapServers());
    }

    @AfterAll
    static void stopTheProduct() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void a_failed_record_replayed_after_its_cause_is_fixed_syncs_the_user_and_replaying_again_changes_nothing()
            throws Exception {
        // 1. The writer cannot put Rosalind in her department's branch: Docebo has no RND. Permanent: dead letter.
        SimulatedEmployee rosalind = hibob.hire(NewHire.of("Rosalind", "Franklin")
                .withEmail("rosalind.franklin@example.com").withDepartment("Research"));
        String id = rosalind.id();
        List<ConsumerRecord<String, byte[]>> deadLetters = TopicReader.read(stack.bootstrapServers(), EMPLOYEES_DLT,
                record -> id.equals(record.key()), 1, ARRIVAL);
        assertThat(deadLetters).as("Rosalind's snapshot on " + EMPLOYEES_DLT).hasSize(1);
        assertThat(header(deadLetters.get(0), "kafka_dlt-exception-message")).contains("Branch 'RND' not found")
                .contains("DOCEBO_DEPARTMENT_BRANCHES");
        assertThat(outcomes(id, 1)).extracting(SyncOutcome::action).containsExactly(Action.FAILED);
        assertThat(docebo.user("rosalind.franklin@example.com")).as("her row refused as a whole: no half-made user")
                .isEmpty();

        // 2. A Docebo admin creates the branch (the simulator makes a branch when someone is put in it).
        docebo.seedUser(SeedUser.of("research.lead", "research.lead@example.com").inBranch("RND"));

        // 3. A dry run lists the dead letter and moves nothing.
        long snapshotsBefore = BrokerContents.recordCount(stack.bootstrapServers(), Topics.HIBOB_EMPLOYEES);
        SyncReplayJar.Result dryRun = syncReplay.run("dlt", "--topic", EMPLOYEES_DLT, "--employee", id, "--dry-run");
        assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
        assertThat(dryRun.out()).contains("would move", id, "stage docebo-writer-service", "from hibob-employees/",
                "error RowRejectedException: Docebo refused to create user rosalind.franklin@example.com",
                "Dry run: would move 1 record(s)");
        assertThat(BrokerContents.recordCount(stack.bootstrapServers(), Topics.HIBOB_EMPLOYEES)).isEqualTo(snapshotsBefore);

        // 4. The replay: Rosalind is synced.
        SyncReplayJar.Result first = syncReplay.run("dlt", "--topic", EMPLOYEES_DLT, "--employee", id);
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("Moved 1 record(s)");
        DoceboUser synced = awaitUser("rosalind.franklin@example.com", user -> user.branches().contains("RND"));
        assertThat(synced.active()).isTrue();
        assertThat(synced.firstName()).isEqualTo("Rosalind");
        assertThat(outcomes(id, 2)).extracting(SyncOutcome::action).containsExactly(Action.FAILED, Action.CREATED);
        List<DoceboUser> doceboAfterFirstReplay = docebo.users();
        int callsAfterFirstReplay = docebo.callLog().calls().size();

        // 5. The same replay again: the writer sees the snapshot, and Docebo stays as it is, without a write.
        SyncReplayJar.Result second = syncReplay.run("dlt", "--topic", EMPLOYEES_DLT, "--employee", id);
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).contains("Moved 1 record(s)");
        assertThat(outcomes(id, 3)).extracting(SyncOutcome::action)
                .containsExactly(Action.FAILED, Action.CREATED, Action.UNCHANGED);
        assertThat(docebo.users()).isEqualTo(doceboAfterFirstReplay);
        List<RecordedCall> callsOfSecondReplay = docebo.callLog().calls()
                .subList(callsAfterFirstReplay, docebo.callLog().calls().size());
        assertThat(callsOfSecondReplay).as("Docebo calls after the second replay: none that write")
                .allSatisfy(call -> assertThat(call.method().equals("GET") || call.path().startsWith("/oauth2/token"))
                        .as(call.method() + " " + call.path()).isTrue());
        assertThat(BrokerContents.recordCount(stack.bootstrapServers(), EMPLOYEES_DLT))
                .as("nothing failed again").isEqualTo(1);
    }

    private static DoceboUser awaitUser(String username, Predicate<DoceboUser> condition) {
        return await().atMost(ARRIVAL).pollInterval(Duration.ofMillis(200))
                .until(() -> docebo.user(username).filter(condition), Optional::isPresent).orElseThrow();
    }

    /** The writer's outcomes for an employee, oldest first, once there are {@code count} (or after {@link #ARRIVAL}). */
    private static List<SyncOutcome> outcomes(String employeeId, int count) {
        return TopicReader.read(stack.bootstrapServers(), Topics.DOCEBO_SYNC_OUTCOMES,
                        record -> employeeId.equals(record.key()), count, ARRIVAL).stream()
                .map(record -> json.readValue(record.value(), SyncOutcome.class))
                .toList();
    }

    private static String header(ConsumerRecord<?, ?> record, String key) {
        var header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
