package io.hibobsync.replay;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;

/** The {@code sync-replay} command line: {@code dlt} or {@code offsets}, each with {@code --help}. */
public final class SyncReplay {

    static final String LOCAL_STACK_BOOTSTRAP_SERVERS = "127.0.0.1:19092";

    static final String HELP = """
            Usage: java -jar sync-replay.jar <command> [options]

            Recovery for the HiBob -> Docebo sync. Both commands are safe to repeat: the sync is idempotent.

              dlt      move dead-letter records (<topic>-dlt) back to the topic they failed on, filtered by
                       employee, time or error; --dry-run lists them
              offsets  make a consumer group re-read a topic from a time (disaster recovery); --dry-run shows
                       the current and new offsets

            'java -jar sync-replay.jar <command> --help' tells more.
            Kafka: --bootstrap-servers, else KAFKA_BOOTSTRAP_SERVERS, else 127.0.0.1:19092 (the local stack).
            Exit codes: 0 done, 1 refused or failed, 2 bad arguments.
            """;

    private SyncReplay() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv(), System.out, System.err));
    }

    /** Runs one command and returns its exit code: 0 done, 1 refused or failed, 2 bad arguments. */
    static int run(List<String> args, Map<String, String> environment, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            err.print(HELP);
            return 2;
        }
        String command = args.get(0);
        List<String> options = args.subList(1, args.size());
        String bootstrapServers = defaultBootstrapServers(environment);
        try {
            switch (command) {
                case "-h", "--help", "help" -> {
                    out.print(HELP);
                    return 0;
                }
                case "dlt" -> {
                    if (wantsHelp(options)) {
                        out.print(DeadLetterReplay.HELP);
                        return 0;
                    }
                    return new DeadLetterReplay(out, err).run(options, bootstrapServers);
                }
                case "offsets" -> {
                    if (wantsHelp(options)) {
                        out.print(OffsetReset.HELP);
                        return 0;
                    }
                    return new OffsetReset(out).run(options, bootstrapServers);
                }
                default -> throw new UsageException("unknown command '" + command + "': use dlt or offsets");
            }
        } catch (UsageException e) {
            err.println("sync-replay: " + e.getMessage());
            err.println("See: java -jar sync-replay.jar " + (command.equals("dlt") || command.equals("offsets")
                    ? command + " " : "") + "--help");
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

    private static boolean wantsHelp(List<String> options) {
        return options.contains("--help") || options.contains("-h");
    }
}
