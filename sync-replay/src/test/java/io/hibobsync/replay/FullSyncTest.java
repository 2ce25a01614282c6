package io.hibobsync.replay;

import static io.hibobsync.replay.ReplayTestSupport.JSON;
import static io.hibobsync.replay.ReplayTestSupport.answerNextCommand;
import static io.hibobsync.replay.ReplayTestSupport.bootstrapServers;
import static io.hibobsync.replay.ReplayTestSupport.createTopic;
import static io.hibobsync.replay.ReplayTestSupport.records;
import static io.hibobsync.replay.ReplayTestSupport.send;
import static io.hibobsync.replay.ReplayTestSupport.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import io.hibobsync.contracts.PlanEntry;
import io.hibobsync.contracts.RunProgress;
import io.hibobsync.contracts.SyncCommand;
import io.hibobsync.contracts.SyncCommand.Kind;
import io.hibobsync.kafka.test.BrokerContents;
import io.hibobsync.replay.ReplayTestSupport.CommandLine;
import io.hibobsync.replay.ReplayTestSupport.Run;
import io.hibobsync.replay.SyncReplay.Wiring;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code sync-replay full-sync} against a real broker: the command read back from {@code sync-commands}, and a
 * stand-in writer that answers it on {@code sync-plans} as docebo-writer-service does (one JSON {@link PlanEntry}
 * per employee, one {@link RunProgress} per partition of {@code hibob-employees}, keyed by run id). Each test has
 * topics of its own, so they can share the broker.
 */
class FullSyncTest {

    /** Partitions of the stand-in hibob-employees: the run reports on these, not on sync-plans' 3. */
    private static final int PARTITIONS = 4;
    private static final String ANA = "3332883000000001001";
    private static final String BOB = "3332883000000001002";
    private static final String CY = "3332883000000001003";
    private static final String DI = "3332883000000001004";
    private static final String ED = "3332883000000001005";
    private static final String FAY = "3332883000000001006";
    private static final String GUS = "3332883000000001007";
    private static final String HAL = "3332883000000001008";
    private static final String CONFLICT = "Docebo user 12001 (cy@acme.com) matches employee " + CY + " but is "
            + "linked to employee 3332883000000009999: identity conflict, nothing written";
    private static final String HELD = "would be held by the safety brake (more than 10 deactivations or deletions "
            + "within an hour)";

    private String commands;
    private String plans;
    private String employees;
    /** The command line of the latest run: the stand-in writer sends its reports at the pace it shows them. */
    private volatile CommandLine commandLine;

    @TempDir
    Path directory;

    @BeforeEach
    void topicsOfTheirOwn() throws Exception {
        commands = uniqueName("sync-commands");
        plans = uniqueName("sync-plans");
        employees = uniqueName("hibob-employees");
        createTopic(commands, ReplayTestSupport.PARTITIONS);
        createTopic(plans, ReplayTestSupport.PARTITIONS);
        createTopic(employees, PARTITIONS);
    }

    @Test
    void a_run_publishes_one_command_shows_its_progress_and_sums_up_what_the_writer_did() throws Exception {
        CompletableFuture<SyncCommand> writer = actLikeTheWriter((command, report) -> {
            report.entry(command, ANA, "CREATE", "12011", null, List.of(), "created");
            report.entry(command, BOB, "UPDATE", "12002", null, List.of(), "updated branch");
            report.progress(command, 0, 8);
            report.entry(command, CY, "CONFLICT", null, null, List.of(), CONFLICT);
            report.entry(command, DI, "UNCHANGED", "12004", null, List.of(), null);
            report.progress(command, 1, 8);
            report.entry(command, ED, "DEACTIVATE", "12005", null, List.of(), "deactivated: HiBob no longer returns "
                    + "this employee");
            report.entry(command, FAY, "HELD", "12006", null, List.of(), "held by the safety brake: 12 deactivations "
                    + "or deletions within an hour");
            report.progress(command, 2, 8);
            report.entry(command, GUS, "UNCHANGED", "12007", null, List.of(), null);
            report.entry(command, HAL, "ADOPT", "12008", null, List.of(), "adopted the existing user");
            report.progress(command, 3, 8);
        });
        Instant before = Instant.now();

        Run run = fullSync("full-sync", "--wait", "30s");

        assertThat(run.exitCode()).as(run.err()).isZero();
        SyncCommand command = writer.get(10, TimeUnit.SECONDS);
        ConsumerRecord<String, byte[]> record = records(commands, 1).get(0);
        assertThat(record.key()).isEqualTo(command.commandId());
        assertThat(UUID.fromString(command.commandId())).isNotNull();
        assertThat(command.kind()).isEqualTo(Kind.FULL_SYNC);
        assertThat(command.plan()).isFalse();
        assertThat(command.employeeIds()).isEmpty();
        assertThat(command.requestedBy()).isEqualTo(System.getProperty("user.name"));
        assertThat(command.at()).isBetween(before, Instant.now());
        assertThat(JSON.readTree(record.value()).path("at").isString()).as("ISO-8601, as the services write it")
                .isTrue();
        assertThat(BrokerContents.recordCount(bootstrapServers(), commands)).as("one command").isEqualTo(1);
        assertThat(run.out()).contains(
                "Asking for a full sync (Docebo is written) at " + bootstrapServers() + ".",
                "Asked: run " + command.commandId() + " (FULL_SYNC, by " + System.getProperty("user.name") + ") on "
                        + commands + "/",
                "Following " + plans + " for run " + command.commandId() + ", up to 30 s",
                "read ? · applied 0 · created 0 · updated 0 · deactivated 0 · held 0 · conflicts 0 · partitions 0/4\n",
                "· partitions 1/4\n", "· partitions 2/4\n", "· partitions 3/4\n",
                "read 8 · applied 8 · created 1 · updated 1 · deactivated 1 · held 1 · conflicts 1 · partitions 4/4\n",
                "Run complete: HiBob returned 8 employee(s); all 4 partition(s) reported.",
                count("create", 1), count("update", 1), count("deactivate", 1),
                count("reactivate", 0), count("delete", 0), count("adopt", 1),
                count("conflict", 1), count("unchanged", 2), count("held", 1),
                count("in Docebo only", 0), count("failed", 0),
                "Changes: 4 (what changed):",
                "  CREATE      employee " + ANA + "  Docebo user 12011\n                created",
                "  DEACTIVATE  employee " + ED + "  Docebo user 12005\n                deactivated: HiBob no longer",
                "Conflicts: 1 (nothing is written for them",
                "  CONFLICT    employee " + CY + "  no Docebo user\n                " + CONFLICT,
                "Held: 1 (the safety brake holds these: nothing was written for them):",
                "  HELD        employee " + FAY + "  Docebo user 12006\n                held by the safety brake",
                "Done: run " + command.commandId() + ".",
                "1 deactivation(s) or deletion(s) are held by the safety brake", "'held --approve' applies them")
                .doesNotContain("Nothing was written", "Failed:", "In Docebo only:", "employee " + DI);
        assertThat(run.out().indexOf("CREATE      employee")).as("changes in the order of the counts")
                .isLessThan(run.out().indexOf("UPDATE      employee"));
        assertThat(run.err()).isEmpty();
    }

    @Test
    void a_plan_shows_the_field_changes_says_nothing_was_written_how_to_run_it_and_what_would_be_held()
            throws Exception {
        actLikeTheWriter((command, report) -> {
            report.entry(command, ANA, "UPDATE", "12001", "ana@acme.com",
                    List.of("first_name: \"Ana\" → \"Anna\"", "branch: ENG → RES"), "would update first_name, branch");
            report.entry(command, BOB, "CREATE", null, "bob@acme.com",
                    List.of("first_name: \"Bob\"", "branch: SALES"), "would create");
            report.entry(command, CY, "HELD", "12003", "cy@acme.com", List.of("active: true → false"), HELD);
            report.entry(command, DI, "HELD", "12004", "di@acme.com", List.of("active: true → false"), HELD);
            report.entry(command, ED, "UNCHANGED", "12005", "ed@acme.com", List.of(), null);
            report.entry(command, null, "IN_DOCEBO_ONLY", "12999", "contractor@acme.com", List.of(),
                    "no HiBob employee owns this user; the sync leaves it alone");
            for (int partition = 0; partition < PARTITIONS; partition++) {
                report.progress(command, partition, 5);
            }
        });

        Run run = fullSync("full-sync", "--plan", "--wait", "30s");

        assertThat(run.exitCode()).as(run.err()).isZero();
        SyncCommand command = JSON.readValue(records(commands, 1).get(0).value(), SyncCommand.class);
        assertThat(command.kind()).isEqualTo(Kind.FULL_SYNC);
        assertThat(command.plan()).isTrue();
        assertThat(run.out()).contains(
                "Asking for a full sync plan (a dry run: nothing is written to Docebo)",
                "Asked: run " + command.commandId() + " (FULL_SYNC, plan, by ",
                "read 5 · planned 5 · create 1 · update 1 · deactivate 0 · held 2 · conflicts 0 · partitions 4/4",
                "Plan complete: HiBob returned 5 employee(s); all 4 partition(s) reported.",
                count("held", 2), count("in Docebo only", 1), count("unchanged", 1),
                "Changes: 2 (what would change, field by field):",
                "  CREATE      employee " + BOB + "  new Docebo user (bob@acme.com)\n"
                        + "                first_name: \"Bob\"\n                branch: SALES\n",
                "  UPDATE      employee " + ANA + "  Docebo user 12001 (ana@acme.com)\n"
                        + "                first_name: \"Ana\" → \"Anna\"\n                branch: ENG → RES\n",
                "Held: 2 (the safety brake would hold these: nothing would be written for them):",
                "  HELD        employee " + CY + "  Docebo user 12003 (cy@acme.com)\n                why: " + HELD
                        + "\n                active: true → false\n",
                "In Docebo only: 1 (users no HiBob employee owns: the sync leaves them alone):",
                "  IN_DOCEBO_ONLY Docebo user 12999 (contractor@acme.com)\n",
                "Nothing was written: this was a plan (run " + command.commandId() + "). To do it for real: "
                        + "java -jar sync-replay.jar full-sync (without --plan).",
                "2 deactivation(s) or deletion(s) would be held by the safety brake",
                "After the run, compare them with HiBob, then 'held --approve' applies them")
                .doesNotContain("would update first_name", "Done: run", "employee " + ED);
    }

    @Test
    void a_user_another_partition_adopts_is_not_listed_as_in_docebo_only() throws Exception {
        actLikeTheWriter((command, report) -> {
            // Partition 0 finished first and listed 12006 as nobody's; partition 2 then adopts it for Fay.
            report.entry(command, null, "IN_DOCEBO_ONLY", "12006", "fay@acme.com", List.of(), "nobody owns it");
            report.entry(command, null, "IN_DOCEBO_ONLY", "12999", "contractor@acme.com", List.of(), "nobody owns it");
            report.entry(command, FAY, "ADOPT", "12006", "fay@acme.com", List.of(), "would adopt the existing user");
            // And the other way round: adopted first, listed after.
            report.entry(command, ED, "ADOPT", "12005", "ed@acme.com", List.of(), "would adopt the existing user");
            report.entry(command, null, "IN_DOCEBO_ONLY", "12005", "ed@acme.com", List.of(), "nobody owns it");
            for (int partition = 0; partition < PARTITIONS; partition++) {
                report.progress(command, partition, 2);
            }
        });

        Run run = fullSync("full-sync", "--plan", "--wait", "30s");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains(count("adopt", 2), count("in Docebo only", 1),
                        "  IN_DOCEBO_ONLY Docebo user 12999 (contractor@acme.com)\n")
                .doesNotContain("IN_DOCEBO_ONLY Docebo user 12006", "IN_DOCEBO_ONLY Docebo user 12005");
    }

    @Test
    void show_caps_the_employees_listed_with_their_changes_and_show_all_lists_every_one() throws Exception {
        List<String> ids = List.of("3332883000000002005", "3332883000000002001", "3332883000000002004",
                "3332883000000002002", "3332883000000002003");
        BiConsumerWithReports fiveUpdates = (command, report) -> {
            for (String id : ids) {
                report.entry(command, id, "UPDATE", "u" + id, null, List.of("last_name: \"Old" + id + "\" → \"New\""),
                        null);
            }
            for (int partition = 0; partition < PARTITIONS; partition++) {
                report.progress(command, partition, 5);
            }
        };

        actLikeTheWriter(fiveUpdates);
        Run two = fullSync("full-sync", "--plan", "--show", "2", "--wait", "30s");
        actLikeTheWriter(fiveUpdates);
        Run all = fullSync("full-sync", "--plan", "--show-all", "--wait", "30s");
        actLikeTheWriter(fiveUpdates);
        Run none = fullSync("full-sync", "--plan", "--show=0", "--wait", "30s");

        assertThat(two.exitCode()).as(two.err()).isZero();
        assertThat(two.out()).contains("Changes: 5 (what would change, field by field); the first 2:",
                        "employee 3332883000000002001", "last_name: \"Old3332883000000002001\" → \"New\"",
                        "employee 3332883000000002002", "last_name: \"Old3332883000000002002\" → \"New\"",
                        "  … and 3 more: --show-all lists every one, --json <file> writes them all.")
                .doesNotContain("3332883000000002003", "3332883000000002004", "3332883000000002005");
        assertThat(all.exitCode()).as(all.err()).isZero();
        assertThat(all.out()).contains("Changes: 5 (what would change, field by field):")
                .doesNotContain("more: --show-all");
        ids.forEach(id -> assertThat(all.out()).contains("employee " + id, "last_name: \"Old" + id + "\" → \"New\""));
        assertThat(none.exitCode()).as(none.err()).isZero();
        assertThat(none.out()).contains("Changes: 5 (what would change, field by field); none listed (--show <n> or "
                + "--show-all lists them).").doesNotContain("employee 33328830000000020");
    }

    @Test
    void json_writes_the_whole_plan_to_a_file() throws Exception {
        actLikeTheWriter((command, report) -> {
            report.entry(command, ANA, "UPDATE", "12001", "ana@acme.com", List.of("branch: ENG → RES"), "would update");
            report.entry(command, BOB, "HELD", "12002", "bob@acme.com", List.of("active: true → false"), HELD);
            report.entry(command, null, "IN_DOCEBO_ONLY", "12999", "contractor@acme.com", List.of(), null);
            for (int partition = 0; partition < PARTITIONS; partition++) {
                report.progress(command, partition, 2);
            }
        });
        Path file = directory.resolve("plan.json");
        Files.writeString(file, "an older plan, replaced");

        Run run = fullSync("full-sync", "--plan", "--json", file.toString(), "--show", "0", "--wait", "30s");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Wrote the whole plan (3 entries) to " + file + ".");
        SyncCommand command = JSON.readValue(records(commands, 1).get(0).value(), SyncCommand.class);
        JsonNode document = JSON.readTree(Files.readString(file));
        assertThat(document.path("runId").asString()).isEqualTo(command.commandId());
        assertThat(document.path("plan").asBoolean()).isTrue();
        assertThat(document.path("complete").asBoolean()).isTrue();
        assertThat(document.path("topic").asString()).isEqualTo(plans);
        assertThat(document.path("partitions").asInt()).isEqualTo(PARTITIONS);
        assertThat(document.path("partitionsMissing")).isEmpty();
        assertThat(document.path("total").asInt()).isEqualTo(2);
        assertThat(JSON.treeToValue(document.path("command"), SyncCommand.class)).isEqualTo(command);
        assertThat(document.path("counts").path("UPDATE").asInt()).isEqualTo(1);
        assertThat(document.path("counts").path("HELD").asInt()).isEqualTo(1);
        assertThat(document.path("counts").path("IN_DOCEBO_ONLY").asInt()).isEqualTo(1);
        assertThat(document.path("counts").path("CREATE").asInt()).as("every action, zero too").isZero();
        assertThat(document.path("counts").has("CREATE")).isTrue();
        JsonNode entries = document.path("entries");
        assertThat(entries).hasSize(3);
        JsonNode update = entries.get(0);
        assertThat(update.path("employeeId").asString()).isEqualTo(ANA);
        assertThat(update.path("action").asString()).isEqualTo("UPDATE");
        assertThat(update.path("doceboUserId").asString()).isEqualTo("12001");
        assertThat(update.path("username").asString()).isEqualTo("ana@acme.com");
        assertThat(update.path("changes").get(0).asString()).isEqualTo("branch: ENG → RES");
        assertThat(update.path("detail").asString()).isEqualTo("would update");
        assertThat(entries.get(1).path("detail").asString()).isEqualTo(HELD);
        assertThat(entries.get(2).path("employeeId").isNull()).isTrue();
    }

    @Test
    void a_partition_that_never_reports_ends_with_exit_3_naming_it_and_the_json_says_incomplete() throws Exception {
        actLikeTheWriter((command, report) -> {
            report.entry(command, ANA, "UPDATE", "12001", null, List.of(), "updated");
            report.progress(command, 0, 3);
            report.progress(command, 1, 3);
            report.progress(command, 3, 3);
            // Partition 2's share never comes: a writer stopped, or enrich still publishing.
        });
        Path file = directory.resolve("run.json");

        long started = System.nanoTime();
        Run run = fullSync("full-sync", "--wait", "4s", "--json", file.toString());

        assertThat(run.exitCode()).isEqualTo(FullSync.NOT_COMPLETE).isEqualTo(3);
        assertThat(Duration.ofNanos(System.nanoTime() - started).toMillis()).isBetween(4_000L, 25_000L);
        assertThat(run.out()).contains("· partitions 3/4", "Run NOT complete after 4 s: HiBob returned 3 employee(s); "
                + "3 of 4 partition(s) reported. So far:", count("update", 1), "Not done yet: run ");
        assertThat(run.err()).contains("Not complete after 4 s: partition 2 of 4 (" + employees + ") has not reported; "
                        + "0, 1, 3 did.", "The command was published (run ", "stays on " + commands,
                "docebo-writer-service is still applying");
        assertThat(BrokerContents.recordCount(bootstrapServers(), commands)).as("the command was published")
                .isEqualTo(1);
        JsonNode document = JSON.readTree(Files.readString(file));
        assertThat(document.path("complete").asBoolean()).isFalse();
        assertThat(document.path("partitionsMissing").get(0).asInt()).isEqualTo(2);
        assertThat(document.path("partitionsMissing")).hasSize(1);
        assertThat(document.path("entries")).hasSize(1);
    }

    @Test
    void nothing_at_all_in_time_ends_with_exit_3_naming_every_partition_of_hibob_employees() {
        Run run = fullSync("full-sync", "--plan", "--wait", "2s");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.out()).contains("read ? · planned 0 · create 0 · update 0 · deactivate 0 · held 0 · "
                + "conflicts 0 · partitions 0/4", "Plan NOT complete after 2 s: 0 of 4 partition(s) reported.");
        assertThat(run.err()).contains("partitions 0, 1, 2, 3 of 4 (" + employees + ") have not reported.",
                "Nothing of this run has come yet: is enrich-service running");
    }

    @Test
    void entries_and_progress_of_another_run_are_ignored() throws Exception {
        String other = UUID.randomUUID().toString();
        // A run that ended before: its records lie before the end offsets the command starts from.
        for (int partition = 0; partition < PARTITIONS; partition++) {
            publish(other, new RunProgress(other, false, partition, PARTITIONS, Map.of("CREATE", 40), 40));
        }
        actLikeTheWriter((command, report) -> {
            // Another run going on at the same time, complete before this one, on the same topic.
            publish(other, new PlanEntry(other, false, "3332883000000009001", "CREATE", "19001", null, List.of(),
                    "created"));
            for (int partition = 0; partition < PARTITIONS; partition++) {
                publish(other, new RunProgress(other, false, partition, PARTITIONS, Map.of("CREATE", 1), 1));
            }
            // Not a run's record at all.
            send(new ProducerRecord<>(plans, command.commandId(), "not json".getBytes(StandardCharsets.UTF_8)));
            report.entry(command, ANA, "UNCHANGED", "12001", null, List.of(), null);
            for (int partition = 0; partition < PARTITIONS; partition++) {
                report.progress(command, partition, 1);
            }
        });

        Run run = fullSync("full-sync", "--wait", "30s");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("read 1 · applied 1 · created 0 · updated 0", count("unchanged", 1),
                        count("create", 0), "HiBob returned 1 employee(s)", "Changes: none (no user to be created, "
                                + "updated, adopted, reactivated, deactivated or deleted).")
                .doesNotContain("3332883000000009001", "19001", other);
    }

    @Test
    void on_a_terminal_the_progress_line_is_rewritten_in_place() throws Exception {
        actLikeTheWriter((command, report) -> {
            for (int partition = 0; partition < PARTITIONS; partition++) {
                report.entry(command, "33328830000000030" + partition, "CREATE", "1300" + partition, null, List.of(),
                        "created");
                report.progress(command, partition, PARTITIONS);
            }
        });

        Run run = runOn(commands, plans, employees, true, "full-sync", "--wait", "30s");

        assertThat(run.exitCode()).as(run.err()).isZero();
        String following = "(Ctrl-C stops following, not the run)...\n";
        String progress = run.out().substring(run.out().indexOf(following) + following.length(),
                run.out().indexOf("Run complete"));
        assertThat(progress).startsWith("\rread ? · applied 0").endsWith("\n")
                .contains("\rread 4 · applied 4 · created 4 · updated 0 · deactivated 0 · held 0 · conflicts 0 · "
                        + "partitions 4/4");
        assertThat(progress.stripTrailing()).endsWith("partitions 4/4");
        assertThat(progress.chars().filter(c -> c == '\n').count()).as("one line, rewritten").isEqualTo(1);
    }

    @Test
    void no_wait_publishes_the_command_prints_the_run_id_and_returns() {
        Run run = fullSync("full-sync", "--plan", "--no-wait");

        assertThat(run.exitCode()).isZero();
        SyncCommand command = JSON.readValue(records(commands, 1).get(0).value(), SyncCommand.class);
        assertThat(command.plan()).isTrue();
        assertThat(run.out()).contains("Asked: run " + command.commandId(), "Not following (--no-wait)")
                .doesNotContain("read ?");
    }

    @Test
    void without_a_commands_topic_it_is_refused_with_exit_1_and_nothing_is_published_or_created() {
        String noCommands = uniqueName("sync-commands");
        String noPlans = uniqueName("sync-plans");

        Run withoutCommands = runOn(noCommands, plans, employees, false, "full-sync", "--plan");
        Run withoutPlans = runOn(commands, noPlans, employees, false, "full-sync");

        assertThat(withoutCommands.exitCode()).isEqualTo(1);
        assertThat(withoutCommands.err()).contains("has no topic '" + noCommands + "'", "no writer has ever run",
                "Nothing was published.");
        assertThat(withoutCommands.out()).doesNotContain("Asked: run");
        assertThat(withoutPlans.exitCode()).isEqualTo(1);
        assertThat(withoutPlans.err()).contains("has no topic '" + noPlans + "'", "Nothing was published.");
        assertThat(BrokerContents.topicNames(bootstrapServers())).doesNotContain(noCommands, noPlans);
        assertThat(BrokerContents.recordCount(bootstrapServers(), commands)).isZero();
    }

    @Test
    void a_json_file_that_cannot_be_written_is_a_mistake_found_before_anything_is_published() {
        Run run = fullSync("full-sync", "--json", directory.resolve("missing/plan.json").toString());
        Run aDirectory = fullSync("full-sync", "--json", directory.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("does not exist");
        assertThat(aDirectory.exitCode()).isEqualTo(2);
        assertThat(aDirectory.err()).contains("is a directory");
        assertThat(BrokerContents.recordCount(bootstrapServers(), commands)).isZero();
    }

    /** What the stand-in writer does with the command it read. */
    @FunctionalInterface
    private interface BiConsumerWithReports {
        void answer(SyncCommand command, Reports report) throws Exception;
    }

    /** Publishes a run's records on sync-plans as docebo-writer-service does: JSON, keyed by run id. */
    private final class Reports {

        // The actions since the last progress report: what the writer counts per partition.
        private final Map<String, Integer> counts = new TreeMap<>();
        private final Set<Integer> reported = new HashSet<>();

        void entry(SyncCommand command, String employeeId, String action, String userId, String username,
                List<String> changes, String detail) throws Exception {
            counts.merge(action, 1, Integer::sum);
            publish(command.commandId(), new PlanEntry(command.commandId(), command.plan(), employeeId, action, userId,
                    username, changes, detail));
        }

        void progress(SyncCommand command, int partition, int total) throws Exception {
            publish(command.commandId(), new RunProgress(command.commandId(), command.plan(), partition, PARTITIONS,
                    counts, total));
            counts.clear();
            reported.add(partition);
            // A real writer's reports come a while apart, so the command line shows a line for each: the next one
            // comes once this one is shown.
            commandLine.awaitPrinted("· partitions " + reported.size() + "/" + PARTITIONS);
        }
    }

    /** The stand-in writer: reads the next command from sync-commands and answers it on sync-plans. */
    private CompletableFuture<SyncCommand> actLikeTheWriter(BiConsumerWithReports answer) {
        return answerNextCommand(commands, command -> answer.answer(command, new Reports()));
    }

    private void publish(String runId, Object value) throws Exception {
        send(new ProducerRecord<>(plans, runId, JSON.writeValueAsBytes(value)));
    }

    /** A line of the summary's counts. */
    private static String count(String label, int count) {
        return String.format("  %-16s %8d%n", label, count);
    }

    private Run fullSync(String... args) {
        return runOn(commands, plans, employees, false, args);
    }

    /** Runs the command line with {@code full-sync} on the given topics, stdout a terminal or not. */
    private Run runOn(String commandsTopic, String plansTopic, String employeesTopic, boolean terminal,
            String... args) {
        commandLine = new CommandLine(new Wiring(uniqueName("sync-held"), commandsTopic, plansTopic, employeesTopic,
                terminal));
        return commandLine.run(args);
    }
}
