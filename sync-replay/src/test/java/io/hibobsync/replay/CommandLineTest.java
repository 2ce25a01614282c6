package io.hibobsync.replay;

import static io.hibobsync.replay.ReplayTestSupport.run;
import static io.hibobsync.replay.ReplayTestSupport.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import io.hibobsync.replay.ReplayTestSupport.Run;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a person typing the command gets: help, and for a mistake a message that says which, with exit code 2. */
class CommandLineTest {

    @Test
    void help_explains_every_command_and_exits_0() {
        Run general = run("--help");
        Run dlt = run("dlt", "--help");
        Run offsets = run("offsets", "--help");
        Run held = run("held", "--help");
        Run fullSync = run("full-sync", "--help");

        assertThat(general.exitCode()).isZero();
        assertThat(general.out()).contains("dlt", "offsets", "held", "full-sync", "127.0.0.1:19092", "3 (held)",
                "(full-sync) asked, but not complete within --wait");
        assertThat(dlt.exitCode()).isZero();
        assertThat(dlt.out()).contains("--employee", "--from", "--to", "--error", "--dry-run", "not deleted");
        assertThat(offsets.exitCode()).isZero();
        assertThat(offsets.out()).contains("--group", "--to", "enrich-service", "docebo-writer-service", "Stop every instance");
        assertThat(held.exitCode()).isZero();
        assertThat(held.out()).contains("--approve", "--reject", "--employee", "--dry-run", "--wait", "--no-wait",
                "--json", "sync-held", "sync-commands", "permission change", "nothing changes in Docebo",
                "3 asked but some are");
        assertThat(fullSync.exitCode()).isZero();
        assertThat(fullSync.out()).contains("Usage: sync-replay full-sync [--plan] [--json <file>] [--wait <duration> "
                + "| --no-wait]", "--show <n>", "--show-all", "--bootstrap-servers", "sync-commands", "sync-plans",
                "FULL_SYNC", "writes nothing", "default 10m", "default 50", "held --approve",
                "3 published but not complete within --wait");
    }

    @Test
    void no_command_prints_the_usage_and_exits_2() {
        Run run = run();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Usage:");
    }

    @Test
    void mistakes_are_named_and_exit_2() {
        assertUsageError(run("replay"), "unknown command 'replay'");
        assertUsageError(run("dlt"), "'dlt' needs --topic");
        assertUsageError(run("dlt", "--topic", "hibob-employees"), "'hibob-employees' is not a dead-letter topic");
        assertUsageError(run("dlt", "--topic", "hibob-employees-dlt", "--since", "2025-01-01"), "unknown option --since");
        assertUsageError(run("dlt", "--topic", "hibob-employees-dlt", "--from", "yesterday"), "--from 'yesterday' is not a time");
        assertUsageError(run("dlt", "--topic", "hibob-employees-dlt", "--from", "2025-02-01", "--to", "2025-01-01"),
                "--from 2025-02-01T00:00:00Z is not before --to 2025-01-01T00:00:00Z");
        assertUsageError(run("dlt", "--topic", "hibob-employees-dlt", "--error"), "--error needs a value");
        assertUsageError(run("dlt", "--topic", "a-dlt", "--topic", "b-dlt"), "--topic given 2 times");
        assertUsageError(run("dlt", "--topic", "hibob-employees-dlt", "--dry-run=yes"), "--dry-run takes no value");
        assertUsageError(run("offsets", "--group", "docebo-writer-service", "--topic", "hibob-employees"), "'offsets' needs --to");
        assertUsageError(run("offsets", "--group", "g", "--topic", "t", "--to", "13:00"), "--to '13:00' is not a time");
        assertUsageError(run("offsets", "--group", "g", "--topic", "t", "--to", "2025-01-01", "extra"), "unexpected argument 'extra'");
        assertUsageError(run("held", "--approve", "--reject"), "--approve and --reject exclude each other");
        assertUsageError(run("held", "--dry-run"), "--dry-run goes with --approve or --reject");
        assertUsageError(run("held", "--wait", "10s"), "--wait goes with --approve or --reject");
        assertUsageError(run("held", "--approve", "--wait", "soon"), "--wait 'soon' is not a length of time");
        assertUsageError(run("held", "--approve", "--wait", "10s", "--no-wait"), "--wait and --no-wait exclude each other");
        assertUsageError(run("held", "--reject", "--json"), "--json is for the list");
        assertUsageError(run("held", "--employee", ","), "--employee holds no id");
        assertUsageError(run("dlt", "--topic", "hibob-employees-dlt", "--employee", ","), "--employee holds no id");
        assertUsageError(run("held", "--topic", "sync-held"), "unknown option --topic for 'held'");
        assertUsageError(run("full-sync", "--employee", "1"), "unknown option --employee for 'full-sync'");
        assertUsageError(run("full-sync", "--plan=yes"), "--plan takes no value");
        assertUsageError(run("full-sync", "now"), "unexpected argument 'now'");
        assertUsageError(run("full-sync", "--wait", "a while"), "--wait 'a while' is not a length of time");
        assertUsageError(run("full-sync", "--wait", "5m", "--no-wait"), "--wait and --no-wait exclude each other");
        assertUsageError(run("full-sync", "--show", "many"), "--show 'many' is not a number of employees");
        assertUsageError(run("full-sync", "--show", "-1"), "--show '-1' is not a number of employees");
        assertUsageError(run("full-sync", "--show", "5", "--show-all"), "--show and --show-all exclude each other");
        assertUsageError(run("full-sync", "--no-wait", "--json", "plan.json"), "--json needs the run followed");
        assertUsageError(run("full-sync", "--wait", "0", "--show-all"), "--show-all needs the run followed");
        assertUsageError(run("full-sync", "--json"), "--json needs a value");
    }

    @Test
    void waits_may_be_seconds_minutes_hours_millis_or_iso() {
        assertThat(Options.duration("wait", "90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Options.duration("wait", "90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Options.duration("wait", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Options.duration("wait", "5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Options.duration("wait", "5min")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Options.duration("wait", "1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Options.duration("wait", "PT2M")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Options.duration("wait", "0")).isZero();
    }

    @Test
    void an_unknown_topic_is_named_and_exits_2() {
        String dlt = uniqueName("nowhere") + "-dlt";
        String topic = uniqueName("nowhere");

        assertUsageError(run("dlt", "--topic", dlt), "has no topic '" + dlt + "'");
        assertUsageError(run("offsets", "--group", "g", "--topic", topic, "--to", "2025-01-01T00:00:00Z"),
                "has no topic '" + topic + "'");
    }

    @Test
    void times_may_be_instants_offsets_or_dates() {
        assertThat(Options.instant("to", "2025-01-08T13:00:00Z")).hasToString("2025-01-08T13:00:00Z");
        assertThat(Options.instant("to", "2025-01-08T14:00:00+01:00")).hasToString("2025-01-08T13:00:00Z");
        assertThat(Options.instant("to", "2025-01-08")).hasToString("2025-01-08T00:00:00Z");
    }

    @Test
    void kafka_is_the_option_else_kafka_bootstrap_servers_else_the_local_stack() {
        assertThat(SyncReplay.defaultBootstrapServers(Map.of())).isEqualTo("127.0.0.1:19092");
        assertThat(SyncReplay.defaultBootstrapServers(Map.of("KAFKA_BOOTSTRAP_SERVERS", " "))).isEqualTo("127.0.0.1:19092");
        assertThat(SyncReplay.defaultBootstrapServers(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092,kafka-2:9092")))
                .isEqualTo("kafka-1:9092,kafka-2:9092");
        Options options = Options.parse("dlt", List.of("--bootstrap-servers", "broker:9092"), Set.of(), Set.of());
        assertThat(options.bootstrapServers("127.0.0.1:19092")).isEqualTo("broker:9092");
    }

    private static void assertUsageError(Run run, String message) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains(message).contains("--help");
    }
}
