package io.hibobsync.replay;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.UnknownMemberIdException;

/**
 * {@code sync-replay offsets}: moves a consumer group's committed offsets on every partition of a topic back
 * (or forward) to the first record at or after a time, so the group's services re-read from there when they
 * start. Only while the group has no running member: Kafka would refuse, and a running service would overwrite
 * the reset with its next commit anyway.
 */
final class OffsetReset {

    static final String HELP = """
            Usage: sync-replay offsets --group <group> --topic <topic> --to <time> [--dry-run] [--bootstrap-servers <host:port>]

            Disaster recovery: makes a consumer group re-read a topic from a time. Sets the group's committed offset
            on every partition of the topic to the first record at or after --to (the end of the partition when it
            has none that late). The services of that group re-read from there when they start again.

              --group <name>              the consumer group: enrich-service (reads hibob-webhooks),
                                          docebo-writer-service (reads hibob-employees), notifier-service
              --topic <name>              the topic the group should re-read, e.g. hibob-employees
              --to <time>                 re-read records from this time on: 2025-01-08T13:00:00Z,
                                          2025-01-08T14:00:00+01:00 or 2025-01-08 (midnight UTC)
              --dry-run                   print the current and the new offsets, change nothing
              --bootstrap-servers <list>  the Kafka brokers (default: KAFKA_BOOTSTRAP_SERVERS, else 127.0.0.1:19092)

            Stop every instance of the group's service first: while the group has members the reset is refused.
            Re-reading is safe because the sync is idempotent (Docebo ends in the same state; unchanged employees
            cost no Docebo write), but it costs calls: HiBob reads for enrich-service, Docebo reads for the writer.

            Exit codes: 0 done, 1 refused (group running) or Kafka did not answer, 2 bad arguments.
            """;

    private static final Set<String> VALUE_OPTIONS = Set.of("group", "topic", "to");
    private static final Set<String> FLAGS = Set.of("dry-run");

    private final PrintStream out;

    OffsetReset(PrintStream out) {
        this.out = out;
    }

    int run(List<String> args, String defaultBootstrapServers) {
        Options options = Options.parse("offsets", args, VALUE_OPTIONS, FLAGS);
        String group = options.required("group");
        String topic = options.required("topic");
        Instant to = Options.instant("to", options.required("to"));
        boolean dryRun = options.given("dry-run");
        String bootstrapServers = options.bootstrapServers(defaultBootstrapServers);

        try (Kafka kafka = new Kafka(bootstrapServers)) {
            Admin admin = kafka.admin();
            List<TopicPartition> partitions = kafka.describe(topic).partitions().stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .sorted(Comparator.comparingInt(TopicPartition::partition))
                    .toList();
            List<MemberDescription> members = members(kafka, group);
            if (!dryRun && !members.isEmpty()) {
                throw new RefusedException("Refused: " + running(group, members));
            }
            Map<TopicPartition, OffsetAndMetadata> current = kafka.await(admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata(), "read the committed offsets of group " + group);
            Map<TopicPartition, Long> target = targets(kafka, partitions, to);

            out.printf("%s group %s on %s at %s to the first record at or after %s:%n",
                    dryRun ? "Dry run: would reset" : "Resetting", group, topic, bootstrapServers, to);
            out.printf("  %-10s %12s %12s%n", "partition", "current", "new");
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata committed = current.get(partition);
                out.printf("  %-10d %12s %12d%n", partition.partition(),
                        committed == null ? "none" : Long.toString(committed.offset()), target.get(partition));
            }
            if (current.keySet().stream().noneMatch(partition -> partition.topic().equals(topic))) {
                out.println("Note: group " + group + " has committed no offset on " + topic
                        + " yet (check the group name); the reset creates them.");
            }
            if (dryRun) {
                out.println(members.isEmpty() ? "Dry run: nothing changed."
                        : "Dry run: nothing changed. A real reset would be refused now: " + running(group, members));
                return 0;
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            target.forEach((partition, offset) -> offsets.put(partition, new OffsetAndMetadata(offset,
                    "sync-replay offsets --to " + to)));
            try {
                kafka.await(admin.alterConsumerGroupOffsets(group, offsets).all(), "reset the offsets of group " + group);
            } catch (RefusedException e) {
                if (e.getCause() instanceof UnknownMemberIdException || e.getCause() instanceof GroupNotEmptyException) {
                    throw new RefusedException("Refused: group " + group + " got a running member meanwhile. Stop every "
                            + "instance of its service, then run this again.", e.getCause());
                }
                throw e;
            }
            out.printf("Reset %d partition(s). Start the %s services: they re-read %s from %s.%n",
                    partitions.size(), group, topic, to);
            return 0;
        }
    }

    private static List<MemberDescription> members(Kafka kafka, String group) {
        try {
            ConsumerGroupDescription description = kafka.await(
                    kafka.admin().describeConsumerGroups(List.of(group)).describedGroups().get(group),
                    "describe consumer group " + group);
            return List.copyOf(description.members());
        } catch (RefusedException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return List.of();
            }
            throw e;
        }
    }

    /** Per partition, the first offset at or after {@code to}; the end offset when no record is that late. */
    private static Map<TopicPartition, Long> targets(Kafka kafka, List<TopicPartition> partitions, Instant to) {
        Map<TopicPartition, OffsetSpec> byTime = new HashMap<>();
        partitions.forEach(partition -> byTime.put(partition, OffsetSpec.forTimestamp(to.toEpochMilli())));
        Map<TopicPartition, ListOffsetsResultInfo> found = kafka.await(kafka.admin().listOffsets(byTime).all(),
                "find the offsets at " + to);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        found.forEach((partition, info) -> {
            if (info.offset() < 0) {
                latest.put(partition, OffsetSpec.latest());
            }
        });
        Map<TopicPartition, Long> targets = new TreeMap<>(Comparator.comparingInt(TopicPartition::partition));
        found.forEach((partition, info) -> targets.put(partition, info.offset()));
        if (!latest.isEmpty()) {
            kafka.await(kafka.admin().listOffsets(latest).all(), "find the end offsets of " + latest.keySet())
                    .forEach((partition, info) -> targets.put(partition, info.offset()));
        }
        return targets;
    }

    private static String running(String group, List<MemberDescription> members) {
        String who = members.stream().map(member -> member.clientId() + " on " + member.host())
                .distinct().sorted().reduce((a, b) -> a + ", " + b).orElse("");
        return "group " + group + " has " + members.size() + " running member(s) (" + who + "). Stop every instance "
                + "of its service (they would overwrite the reset with their next commit), then run this again.";
    }
}
