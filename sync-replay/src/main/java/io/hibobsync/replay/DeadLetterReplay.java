package io.hibobsync.replay;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code sync-replay dlt}: reads a dead-letter topic up to where it ended when the command started, and puts
 * each selected record back on the topic it failed on — same key and value bytes, same partition, the original
 * headers without the dead-letter ones. The dead letters stay where they are (Kafka cannot delete single
 * records); moving them again is safe because the sync is idempotent.
 */
final class DeadLetterReplay {

    static final String HELP = """
            Usage: sync-replay dlt --topic <topic>-dlt [filters] [--dry-run] [--bootstrap-servers <host:port>]

            Moves dead-letter records back to the topic they failed on, so the service that gave up on them
            tries again (fix the cause first). Reads the dead-letter topic from its beginning (or --from) up to
            its end when the command starts; never waits for new records.

              --topic <name>              the dead-letter topic, e.g. hibob-employees-dlt or hibob-webhooks-dlt
              --employee <id>             only this HiBob employee; repeat it (or separate ids by commas) for more
              --from <time>               only records dead-lettered at or after this time
              --to <time>                 only records dead-lettered before this time
              --error <text>              only records whose exception message or class contains this text
                                          (case-insensitive), e.g. --error "not found"
              --dry-run                   list what would be moved, move nothing
              --bootstrap-servers <list>  the Kafka brokers (default: KAFKA_BOOTSTRAP_SERVERS, else 127.0.0.1:19092)

            Filters combine: a record moves when it matches every filter given. Times are ISO-8601: 2025-01-08T13:00:00Z,
            2025-01-08T14:00:00+01:00 or 2025-01-08 (midnight UTC).

            Each record goes to its original topic (header kafka_dlt-original-topic, else the name without -dlt),
            on its original partition (so one employee's changes stay in order), with the same key and value bytes,
            its original headers, and sync-replayed-from=<dlt topic>/<partition>@<offset>; acks=all, idempotent.
            The dead letters are not deleted (Kafka cannot delete single records): moving them again is safe, the
            sync is idempotent, but only the first move after the fix does anything.

            Exit codes: 0 done, 1 a record could not be moved or Kafka did not answer, 2 bad arguments.
            """;

    private static final Set<String> VALUE_OPTIONS = Set.of("topic", "employee", "from", "to", "error");
    private static final Set<String> FLAGS = Set.of("dry-run");

    private final PrintStream out;
    private final PrintStream err;

    DeadLetterReplay(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> args, String defaultBootstrapServers) {
        Options options = Options.parse("dlt", args, VALUE_OPTIONS, FLAGS);
        String topic = options.required("topic");
        if (!DeadLetter.isDeadLetterTopic(topic)) {
            throw new UsageException("'" + topic + "' is not a dead-letter topic: its name must end in -dlt"
                    + " (to re-read a topic, use 'sync-replay offsets')");
        }
        Selection selection = new Selection(options.ids("employee"), options.instant("from"),
                options.instant("to"), options.single("error"));
        if (selection.from != null && selection.to != null && !selection.from.isBefore(selection.to)) {
            throw new UsageException("--from " + selection.from + " is not before --to " + selection.to);
        }
        boolean dryRun = options.given("dry-run");
        String bootstrapServers = options.bootstrapServers(defaultBootstrapServers);

        try (Kafka kafka = new Kafka(bootstrapServers)) {
            List<TopicPartition> partitions = kafka.describe(topic).partitions().stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            out.printf("%s %s at %s (%s)%n", dryRun ? "Dry run: would move records of" : "Moving records of", topic,
                    bootstrapServers, selection);
            Tally tally = dryRun ? read(kafka, partitions, selection, null)
                    : moveAll(kafka, partitions, selection);
            out.println(tally.summary(topic, dryRun));
            return tally.failed == 0 ? 0 : 1;
        }
    }

    private Tally moveAll(Kafka kafka, List<TopicPartition> partitions, Selection selection) {
        try (KafkaProducer<byte[], byte[]> producer = kafka.writer()) {
            Mover mover = new Mover(kafka, producer);
            Tally tally = read(kafka, partitions, selection, mover);
            producer.flush();
            mover.confirm(tally);
            return tally;
        }
    }

    /** Reads every partition from its start to the end offset it had now; {@code mover} null means a dry run. */
    private Tally read(Kafka kafka, List<TopicPartition> partitions, Selection selection, Mover mover) {
        Tally tally = new Tally();
        kafka.readToEnd(partitions, selection.from, record -> handle(DeadLetter.of(record), selection, mover, tally));
        return tally;
    }

    private void handle(DeadLetter deadLetter, Selection selection, Mover mover, Tally tally) {
        if (!selection.matches(deadLetter)) {
            tally.skipped++;
            return;
        }
        if (mover == null) {
            out.println("would move  " + deadLetter.describe());
            tally.selected++;
            return;
        }
        String problem = mover.send(deadLetter);
        if (problem == null) {
            out.println("moving      " + deadLetter.describe());
            tally.selected++;
        } else {
            err.println("NOT moved   " + deadLetter.describe() + "\n            because " + problem);
            tally.failed++;
        }
    }

    /** What the filters select; every filter given must match. */
    private record Selection(Set<String> employees, Instant from, Instant to, String error) {

        boolean matches(DeadLetter deadLetter) {
            Instant at = deadLetter.deadLetteredAt();
            return (employees.isEmpty() || employees.contains(deadLetter.employeeId()))
                    && (from == null || !at.isBefore(from))
                    && (to == null || at.isBefore(to))
                    && (error == null || deadLetter.errorContains(error));
        }

        @Override
        public String toString() {
            List<String> parts = new ArrayList<>();
            if (!employees.isEmpty()) {
                parts.add("employee " + String.join(" or ", employees));
            }
            if (from != null) {
                parts.add("from " + from);
            }
            if (to != null) {
                parts.add("before " + to);
            }
            if (error != null) {
                parts.add("error containing \"" + error + "\"");
            }
            return parts.isEmpty() ? "every record" : String.join(", ", parts);
        }
    }

    /** Publishes replays and remembers what is in flight, to report what the broker did not acknowledge. */
    private final class Mover {

        private final Kafka kafka;
        private final KafkaProducer<byte[], byte[]> producer;
        private final Map<String, Integer> partitionCounts = new HashMap<>();
        private final Map<DeadLetter, Future<RecordMetadata>> inFlight = new LinkedHashMap<>();

        Mover(Kafka kafka, KafkaProducer<byte[], byte[]> producer) {
            this.kafka = kafka;
            this.producer = producer;
        }

        /** Sends the replay, or says why it cannot. */
        String send(DeadLetter deadLetter) {
            String destination = deadLetter.originalTopic();
            Integer partitions = partitionCounts.computeIfAbsent(destination, this::partitionCount);
            if (partitions == null) {
                return "Kafka has no topic '" + destination + "' to move it back to";
            }
            Integer original = deadLetter.originalPartition();
            // The original partition keeps the record behind the employee's earlier changes; if the topic no
            // longer has it, the producer places the record by its key, as the services do.
            Integer partition = original != null && original >= 0 && original < partitions ? original : null;
            var record = deadLetter.record();
            inFlight.put(deadLetter, producer.send(new ProducerRecord<>(destination, partition, null, record.key(),
                    record.value(), deadLetter.replayHeaders())));
            return null;
        }

        private Integer partitionCount(String topic) {
            try {
                return kafka.describe(topic).partitions().size();
            } catch (UsageException unknownTopic) {
                return null;
            }
        }

        /** After a flush: every send is complete; counts the ones the broker refused as failed. */
        void confirm(Tally tally) {
            inFlight.forEach((deadLetter, sent) -> {
                try {
                    sent.get();
                } catch (ExecutionException e) {
                    err.println("NOT moved   " + deadLetter.describe() + "\n            because Kafka refused it: "
                            + e.getCause().getMessage());
                    tally.selected--;
                    tally.failed++;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RefusedException("Interrupted while waiting for Kafka to acknowledge the moves", e);
                }
            });
        }
    }

    private static final class Tally {
        int selected;
        int skipped;
        int failed;

        String summary(String topic, boolean dryRun) {
            if (dryRun) {
                return String.format("Dry run: would move %d record(s), %d did not match; nothing was published.",
                        selected, skipped);
            }
            String summary = String.format("Moved %d record(s) back to their topic, skipped %d that did not match%s.",
                    selected, skipped, failed == 0 ? "" : ", FAILED to move " + failed);
            return summary + (selected == 0 ? "" : "\nThe dead letters stay on " + topic
                    + " (Kafka cannot delete single records); moving them again is safe: the sync is idempotent.");
        }
    }
}
