package io.hibobsync.endtoend;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a service's consumer group is behind: the records of its topics it has not committed yet. A group is
 * done with what was published when its lag is 0 (the services commit only once a record's effect is done, and
 * notifier-service only once the mail that covers it was accepted).
 */
final class ConsumerLag implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 10;

    private final Admin admin;

    ConsumerLag(String bootstrapServers) {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 8_000));
    }

    /** Records of {@code topics} that {@code group} has not committed (a topic that does not exist counts 0). */
    long of(String group, List<String> topics) throws Exception {
        Map<String, TopicDescription> described = new HashMap<>();
        for (String topic : topics) {
            try {
                described.putAll(admin.describeTopics(List.of(topic)).allTopicNames()
                        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        described.values().forEach(description -> description.partitions().forEach(partition ->
                latest.put(new TopicPartition(description.name(), partition.partition()), OffsetSpec.latest())));
        if (latest.isEmpty()) {
            return 0;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        long lag = 0;
        for (var end : admin.listOffsets(latest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).entrySet()) {
            OffsetAndMetadata position = committed.get(end.getKey());
            lag += Math.max(0, end.getValue().offset() - (position == null ? 0 : position.offset()));
        }
        return lag;
    }

    /** The dead-letter topics the broker has ({@code *-dlt}): what notifier-service's group reads. */
    List<String> deadLetterTopics() throws Exception {
        return admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
                .filter(topic -> topic.endsWith("-dlt")).sorted().toList();
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
