package io.hibobsync.replay;

import io.hibobsync.contracts.Topics;
import java.io.Console;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;

/**
 * The {@code sync-replay} command line: {@code dlt}, {@code offsets}, {@code held} or {@code full-sync}, each with
 * {@code --help}.
 */
public final class SyncReplay {

    static final String LOCAL_STACK_BOOTSTRAP_SERVERS = "127.0.0.1:19092";
    /** Each command and its help, which {@code <command> --help} prints. */
    private static final Map<String, String> COMMAND_HELP = Map.of("dlt", DeadLetterReplay.HELP,
            "offsets", OffsetReset.HELP, "held", HeldReview.HELP, "full-sync", FullSync.HELP);

    static final String HELP = """
            Usage: java -jar sync-replay.jar <command> [options]

            Recovery and administration of the HiBob -> Docebo sync. dlt, offsets and full-sync are safe to
            repeat: the sync is idempotent.

              dlt        move dead-letter records (<topic>-dlt) back to the topic they failed on, filtered by
                         employee, time or error; --dry-run lists them
              offsets    make a consumer group re-read a topic from a time (disaster recovery); --dry-run shows
                         the current and new offsets
              held       list the deactivations and deletions the safety brake holds; --approve applies them,
                         --reject drops them (exactly the ones listed)
              full-sync  bring Docebo in line with all of HiBob at once (e.g. an existing company); --plan shows
                         what it would do, field by field, and writes nothing

            'java -jar sync-replay.jar <command> --help' tells more.
            Kafka: --bootstrap-servers, else KAFKA_BOOTSTRAP_SERVERS, else 127.0.0.1:19092 (the local stack).
            Exit codes: 0 done, 1 refused or failed, 2 bad arguments, 3 (held) asked, but still held after --wait,
            (full-sync) asked, but not complete within --wait.
            """;

    private SyncReplay() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv(), System.out, System.err, Wiring.real(stdoutIsTerminal())));
    }

    /**
     * Runs one command on the topics {@code wiring} names (tests use topics of their own on a shared broker) and
     * returns its exit code: 0 done, 1 refused or failed, 2 bad arguments, 3 still held (or a full sync not complete).
     */
    static int run(List<String> args, Map<String, String> environment, PrintStream out, PrintStream err,
            Wiring wiring) {
        if (args.isEmpty()) {
            err.print(HELP);
            return 2;
        }
        String command = args.get(0);
        List<String> options = args.subList(1, args.size());
        if (COMMAND_HELP.containsKey(command) && (options.contains("--help") || options.contains("-h"))) {
            out.print(COMMAND_HELP.get(command));
            return 0;
        }
        String bootstrapServers = defaultBootstrapServers(environment);
        try {
            return switch (command) {
                case "-h", "--help", "help" -> {
                    out.print(HELP);
                    yield 0;
                }
                case "dlt" -> new DeadLetterReplay(out, err).run(options, bootstrapServers);
                case "offsets" -> new OffsetReset(out).run(options, bootstrapServers);
                case "held" -> new HeldReview(out, err, wiring.heldTopic(), wiring.commandsTopic(),
                        operatingSystemUser(environment)).run(options, bootstrapServers);
                case "full-sync" -> new FullSync(out, err, wiring.commandsTopic(), wiring.plansTopic(),
                        wiring.employeesTopic(), operatingSystemUser(environment), wiring.terminal())
                        .run(options, bootstrapServers);
                default -> throw new UsageException("unknown command '" + command
                        + "': use dlt, offsets, held or full-sync");
            };
        } catch (UsageException e) {
            err.println("sync-replay: " + e.getMessage());
            err.println("See: java -jar sync-replay.jar " + (COMMAND_HELP.containsKey(command) ? command + " " : "")
                    + "--help");
            return 2;
        } catch (ConfigException e) {
            err.println("sync-replay: bad Kafka setting: " + e.getMessage());
            return 2;
        } catch (RefusedException e) {
            err.println("sync-replay: " + e.getMessage());
            return 1;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            err.println("sync-replay: Kafka did not answer in time (" + e.getMessage() + "). Is the broker running? "
                    + "Give its address with --bootstrap-servers or KAFKA_BOOTSTRAP_SERVERS.");
            return 1;
        } catch (KafkaException e) {
            err.println("sync-replay: Kafka failed: " + e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"));
            return 1;
        }
    }

    /** Where Kafka is unless {@code --bootstrap-servers} says: the services' variable, else the local stack. */
    static String defaultBootstrapServers(Map<String, String> environment) {
        String configured = environment.get("KAFKA_BOOTSTRAP_SERVERS");
        return configured == null || configured.isBlank() ? LOCAL_STACK_BOOTSTRAP_SERVERS : configured.trim();
    }

    /** Who asks, for the audit trail of a command: the operating-system user running the command line. */
    static String operatingSystemUser(Map<String, String> environment) {
        for (String candidate : new String[] {System.getProperty("user.name"), environment.get("USER"),
                environment.get("USERNAME")}) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate.strip();
            }
        }
        return "unknown";
    }

    /**
     * Whether stdout is a terminal (full-sync then rewrites its progress line in place). Java 22 and later have a
     * console even when redirected, and say with {@code isTerminal()}; before, there is one only on a terminal.
     */
    static boolean stdoutIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException | RuntimeException olderJava) {
            return true;
        }
    }

    /**
     * The topics the commands use, and whether stdout is a terminal.
     *
     * @param employeesTopic the topic a full sync's partitions are those of ({@code hibob-employees})
     */
    record Wiring(String heldTopic, String commandsTopic, String plansTopic, String employeesTopic, boolean terminal) {

        static Wiring real(boolean terminal) {
            return new Wiring(Topics.SYNC_HELD, Topics.SYNC_COMMANDS, Topics.SYNC_PLANS, Topics.HIBOB_EMPLOYEES,
                    terminal);
        }
    }
}
