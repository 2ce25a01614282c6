package io.hibobsync.replay;

import static io.hibobsync.replay.ReplayTestSupport.JSON;
import static io.hibobsync.replay.ReplayTestSupport.answerNextCommand;
import static io.hibobsync.replay.ReplayTestSupport.bootstrapServers;
import static io.hibobsync.replay.ReplayTestSupport.createCompactedTopic;
import static io.hibobsync.replay.ReplayTestSupport.createTopic;
import static io.hibobsync.replay.ReplayTestSupport.records;
import static io.hibobsync.replay.ReplayTestSupport.run;
import static io.hibobsync.replay.ReplayTestSupport.send;
import static io.hibobsync.replay.ReplayTestSupport.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import io.hibobsync.contracts.EmployeeSnapshot;
import io.hibobsync.contracts.HeldAction;
import io.hibobsync.contracts.SyncCommand;
import io.hibobsync.contracts.SyncCommand.Kind;
import io.hibobsync.contracts.SyncOutcome.Action;
import io.hibobsync.contracts.Topics;
import io.hibobsync.kafka.test.BrokerContents;
import io.hibobsync.replay.ReplayTestSupport.CommandAnswer;
import io.hibobsync.replay.ReplayTestSupport.CommandLine;
import io.hibobsync.replay.ReplayTestSupport.Run;
import io.hibobsync.replay.SyncReplay.Wiring;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code sync-replay held} against a real broker: held actions written on a compacted {@code sync-held} as the
 * writer writes them (JSON {@link HeldAction}, tombstones once decided), commands read back from
 * {@code sync-commands}, and a stand-in writer that carries a command out by tombstoning its employees. Each test
 * has topics of its own, so they can share the broker.
 */
class HeldReviewTest {

    private static final String REASON = "12 deactivations or deletions within an hour, more than 10 (the larger of 10 "
            + "and 5 % of the 180 users the sync owns)";

    private final Instant heldAt = Instant.now().minus(20, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
    private String held;
    private String commands;
    /** The command line of the latest run: the stand-in writer acts once it waits. */
    private volatile CommandLine commandLine;

    @BeforeEach
    void topicsOfTheirOwn() throws Exception {
        held = uniqueName("sync-held");
        commands = uniqueName("sync-commands");
        createCompactedTopic(held, ReplayTestSupport.PARTITIONS);
        createTopic(commands, ReplayTestSupport.PARTITIONS);
    }

    @Test
    void lists_the_latest_held_action_per_employee_without_the_tombstoned_ones_and_publishes_nothing() throws Exception {
        hold("3332883000000001001", "101", "ada@acme.com", Action.DEACTIVATED, heldAt);
        hold("3332883000000001002", "102", "bob@acme.com", Action.DEACTIVATED, heldAt.plusSeconds(1));
        hold("3332883000000001003", "103", "cy@acme.com", Action.DEACTIVATED, heldAt.plusSeconds(2));
        tombstone("3332883000000001002");
        // Superseded by a newer change, then held again as a deletion: the latest value counts.
        tombstone("3332883000000001003");
        hold("3332883000000001003", "103", "cy@acme.com", Action.DELETED, heldAt.plusSeconds(3));

        Run run = held("held");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains(
                "Held by the safety brake (" + held + " at " + bootstrapServers() + ", every held action):",
                "held           employee 3332883000000001001  Docebo user 101 (ada@acme.com)  DEACTIVATED  held since "
                        + heldAt.truncatedTo(ChronoUnit.SECONDS) + "  reason " + REASON,
                "employee 3332883000000001003  Docebo user 103 (cy@acme.com)  DELETED  held since "
                        + heldAt.plusSeconds(3).truncatedTo(ChronoUnit.SECONDS),
                "2 action(s) held: 1 deactivation(s), 1 deletion(s).",
                "held --approve", "held --reject")
                .doesNotContain("3332883000000001002", "bob@acme.com", "Grace", "Engineering");
        assertThat(run.out().indexOf("3332883000000001001")).as("oldest first")
                .isLessThan(run.out().indexOf("3332883000000001003"));
        assertThat(BrokerContents.recordCount(bootstrapServers(), commands)).isZero();
    }

    @Test
    void json_lists_the_same_for_tools() throws Exception {
        hold("3332883000000002001", "201", "ada@acme.com", Action.DEACTIVATED, heldAt);
        hold("3332883000000002002", "202", "bob@acme.com", Action.DELETED, heldAt.plusSeconds(1));
        tombstone("3332883000000002002");

        Run run = held("held", "--json");

        assertThat(run.exitCode()).isZero();
        JsonNode document = JSON.readTree(run.out());
        assertThat(document.path("count").asInt()).isEqualTo(1);
        assertThat(document.path("topic").asString()).isEqualTo(held);
        JsonNode only = document.path("held").get(0);
        assertThat(only.path("employeeId").asString()).isEqualTo("3332883000000002001");
        assertThat(only.path("doceboUserId").asString()).isEqualTo("201");
        assertThat(only.path("username").asString()).isEqualTo("ada@acme.com");
        assertThat(only.path("action").asString()).isEqualTo("DEACTIVATED");
        assertThat(only.path("heldAt").asString()).isEqualTo(heldAt.toString());
        assertThat(only.path("reason").asString()).isEqualTo(REASON);
        assertThat(only.has("snapshot")).as("no personal data beyond the username").isFalse();
    }

    @Test
    void approve_publishes_one_command_with_exactly_the_employees_listed() throws Exception {
        hold("3332883000000003001", "301", "ada@acme.com", Action.DEACTIVATED, heldAt);
        hold("3332883000000003002", "302", "bob@acme.com", Action.DELETED, heldAt.plusSeconds(1));
        hold("3332883000000003003", "303", "cy@acme.com", Action.DEACTIVATED, heldAt.plusSeconds(2));
        tombstone("3332883000000003003");
        Instant before = Instant.now();

        Run run = held("held", "--approve", "--no-wait");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Asking docebo-writer-service to approve these held actions",
                "approve        employee 3332883000000003001", "approve        employee 3332883000000003002",
                "Asked: command ", "(APPROVE_HELD, 2 employee(s), by " + System.getProperty("user.name") + ") on "
                        + commands + "/", "Not waiting (--no-wait)")
                .doesNotContain("3332883000000003003");
        ConsumerRecord<String, byte[]> record = records(commands, 1).get(0);
        SyncCommand command = JSON.readValue(record.value(), SyncCommand.class);
        assertThat(record.key()).isEqualTo(command.commandId());
        assertThat(UUID.fromString(command.commandId())).isNotNull();
        assertThat(command.kind()).isEqualTo(Kind.APPROVE_HELD);
        assertThat(command.employeeIds()).containsExactly("3332883000000003001", "3332883000000003002");
        assertThat(command.requestedBy()).isEqualTo(System.getProperty("user.name"));
        assertThat(command.at()).isBetween(before, Instant.now());
        assertThat(run.out()).contains(command.commandId());
        assertThat(BrokerContents.recordCount(bootstrapServers(), commands)).as("one command").isEqualTo(1);
        JsonNode wire = JSON.readTree(record.value());
        assertThat(wire.path("at").isString()).as("java.time as ISO-8601, as the services write it").isTrue();
    }

    @Test
    void employee_narrows_the_command_and_an_id_not_held_is_named() throws Exception {
        hold("3332883000000004001", "401", "ada@acme.com", Action.DEACTIVATED, heldAt);
        hold("3332883000000004002", "402", "bob@acme.com", Action.DEACTIVATED, heldAt.plusSeconds(1));
        hold("3332883000000004003", "403", "cy@acme.com", Action.DEACTIVATED, heldAt.plusSeconds(2));

        Run list = held("held", "--employee", "3332883000000004002");
        Run reject = held("held", "--reject", "--employee", "3332883000000004001,3332883000000004003",
                "--employee=3332883000000009999", "--no-wait");

        assertThat(list.out()).contains("employee 3332883000000004002", "1 action(s) held")
                .doesNotContain("3332883000000004001", "3332883000000004003");
        assertThat(reject.exitCode()).isZero();
        assertThat(reject.err()).contains("Not held: employee 3332883000000009999");
        SyncCommand command = JSON.readValue(records(commands, 1).get(0).value(), SyncCommand.class);
        assertThat(command.kind()).isEqualTo(Kind.REJECT_HELD);
        assertThat(command.employeeIds()).containsExactly("3332883000000004001", "3332883000000004003");
    }

    @Test
    void waiting_ends_when_the_writer_has_tombstoned_the_employees_of_the_command() throws Exception {
        hold("3332883000000005001", "501", "ada@acme.com", Action.DEACTIVATED, heldAt);
        hold("3332883000000005002", "502", "bob@acme.com", Action.DELETED, heldAt.plusSeconds(1));
        CompletableFuture<SyncCommand> writer = actLikeTheWriter(command -> {
            for (String employeeId : command.employeeIds()) {
                tombstone(employeeId);
            }
        });

        Run run = held("held", "--approve", "--wait", "30s");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Waiting up to 30 s", "Done: none of the 2 is held any more.",
                "applied them in Docebo");
        assertThat(writer.get(10, TimeUnit.SECONDS).employeeIds())
                .containsExactly("3332883000000005001", "3332883000000005002");
        Run after = held("held");
        assertThat(after.exitCode()).isZero();
        assertThat(after.out()).contains("No actions are held on " + held);
    }

    @Test
    void waiting_gives_up_after_wait_says_what_is_still_held_and_exits_3() throws Exception {
        hold("3332883000000006001", "601", "ada@acme.com", Action.DEACTIVATED, heldAt);
        hold("3332883000000006002", "602", "bob@acme.com", Action.DEACTIVATED, heldAt.plusSeconds(1));
        // The writer decides on one of them by itself (a newer change superseded it); nobody acts on the command.
        actLikeTheWriter(command -> tombstone("3332883000000006002"));

        long started = System.nanoTime();
        Run run = held("held", "--reject", "--wait", "3s");

        assertThat(run.exitCode()).isEqualTo(HeldReview.STILL_HELD).isEqualTo(3);
        assertThat(Duration.ofNanos(System.nanoTime() - started).toMillis()).isBetween(3_000L, 20_000L);
        assertThat(run.err()).contains("Still held after 3 s: 1 of 2 (employee 3332883000000006001); 1 done.",
                "docebo-writer-service may be down or behind", "stays on " + commands);
        assertThat(BrokerContents.recordCount(bootstrapServers(), commands)).as("the command was published")
                .isEqualTo(1);
    }

    @Test
    void a_dry_run_lists_what_it_would_ask_and_publishes_nothing() throws Exception {
        hold("3332883000000007001", "701", "ada@acme.com", Action.DEACTIVATED, heldAt);

        Run run = held("held", "--approve", "--dry-run");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Dry run: would ask docebo-writer-service to approve",
                "would approve  employee 3332883000000007001",
                "Dry run: would approve 1 held action(s) (1 deactivation(s), 0 deletion(s)); nothing was published.");
        assertThat(BrokerContents.recordCount(bootstrapServers(), commands)).isZero();
    }

    @Test
    void nothing_held_says_so_exits_0_and_publishes_nothing() throws Exception {
        hold("3332883000000008001", "801", "ada@acme.com", Action.DEACTIVATED, heldAt);
        tombstone("3332883000000008001");

        Run list = held("held");
        Run approve = held("held", "--approve");
        Run reject = held("held", "--reject", "--employee", "3332883000000008001");

        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains("No actions are held on " + held + " at " + bootstrapServers());
        assertThat(approve.exitCode()).isZero();
        assertThat(approve.out()).contains("No actions are held", "Nothing was published.");
        assertThat(reject.exitCode()).isZero();
        assertThat(reject.out()).contains("Nothing was published.");
        assertThat(BrokerContents.recordCount(bootstrapServers(), commands)).isZero();
    }

    @Test
    void topics_that_do_not_exist_yet_mean_nothing_held_and_are_not_created() {
        String neverHeld = uniqueName("sync-held");
        String noCommands = uniqueName("sync-commands");

        Run list = runOn(neverHeld, noCommands, "held");
        Run json = runOn(neverHeld, noCommands, "held", "--json");
        Run approve = runOn(neverHeld, noCommands, "held", "--approve");

        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains("No actions are held: Kafka at " + bootstrapServers() + " has no topic "
                + neverHeld + " yet (the safety brake has never held anything).");
        assertThat(json.exitCode()).isZero();
        assertThat(JSON.readTree(json.out()).path("count").asInt()).isZero();
        assertThat(approve.exitCode()).isZero();
        assertThat(approve.out()).contains("Nothing was published.");
        assertThat(BrokerContents.topicNames(bootstrapServers())).doesNotContain(neverHeld, noCommands);
    }

    @Test
    void the_real_topics_are_read_when_none_is_given() {
        // No test of this JVM creates sync-held: a sync that never held anything.
        Run run = run("held");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("has no topic " + Topics.SYNC_HELD + " yet");
        assertThat(BrokerContents.topicNames(bootstrapServers())).doesNotContain(Topics.SYNC_HELD, Topics.SYNC_COMMANDS);
    }

    @Test
    void held_actions_without_a_commands_topic_are_refused_with_exit_1() throws Exception {
        hold("3332883000000010001", "1001", "ada@acme.com", Action.DEACTIVATED, heldAt);
        String noCommands = uniqueName("sync-commands");

        Run run = runOn(held, noCommands, "held", "--approve");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("has no topic '" + noCommands + "'", "Nothing was published.");
        assertThat(BrokerContents.topicNames(bootstrapServers())).doesNotContain(noCommands);
    }

    /**
     * The stand-in writer: reads the next command and, once the command line waits for it to be carried out, does
     * what {@code carryOut} says on sync-held (docebo-writer-service tombstones the command's employees).
     */
    private CompletableFuture<SyncCommand> actLikeTheWriter(CommandAnswer carryOut) {
        return answerNextCommand(commands, command -> {
            commandLine.awaitPrinted("Waiting up to");
            carryOut.answer(command);
        });
    }

    private void hold(String employeeId, String doceboUserId, String username, Action action, Instant at)
            throws Exception {
        EmployeeSnapshot snapshot = new EmployeeSnapshot(employeeId, "employee.left", "d-" + employeeId,
                at.minusSeconds(5), at.minusSeconds(4), action == Action.DELETED, username, "Grace", "Hopper",
                "Grace Hopper", "Engineering", "London", null, null, false, "Terminated", LocalDate.of(2020, 1, 6),
                LocalDate.now(), Map.of());
        HeldAction held = new HeldAction(employeeId, doceboUserId, username, action, snapshot, at, REASON);
        send(new ProducerRecord<>(this.held, employeeId, JSON.writeValueAsBytes(held)));
    }

    private void tombstone(String employeeId) throws Exception {
        send(new ProducerRecord<>(held, employeeId, null));
    }

    private Run held(String... args) {
        return runOn(held, commands, args);
    }

    /** Runs the command line with {@code held} on the given topics. */
    private Run runOn(String heldTopic, String commandsTopic, String... args) {
        commandLine = new CommandLine(new Wiring(heldTopic, commandsTopic, Topics.SYNC_PLANS, Topics.HIBOB_EMPLOYEES,
                false));
        return commandLine.run(args);
    }
}
