package io.hibobsync.kafka;

import io.hibobsync.contracts.Topics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Declares topics, each with its dead-letter topic where something consumes it, so a service works against a
 * broker whose topic auto-creation is off. Spring's {@link KafkaAdmin} creates the missing ones at start-up and,
 * with {@code spring.kafka.admin.modify-topic-configs} on (as every service has it), sets the configs below on
 * existing ones too.
 * <p>
 * Each topic gets the retention its kind promises, whichever service declares it:
 * <ul>
 * <li>dead-letter topics ({@code *-dlt}) and {@code sync-alerts}: kept until replayed, {@code retention.ms}
 *     from {@code SYNC_DEAD_LETTER_RETENTION} (infinite, {@code -1}, by default), because their mail says the
 *     record waits until someone replays it;</li>
 * <li>every other topic declared here, that is the webhook, snapshot and outcome topics: {@code retention.ms}
 *     from {@code SYNC_TOPIC_RETENTION} (30 days by default), long enough to wait out a credentials incident;</li>
 * <li>{@linkplain #compacted compacted} topics: {@code cleanup.policy=compact} only, so nothing is deleted by age
 *     and the latest record of each key is kept for ever.</li>
 * </ul>
 * The others are {@code cleanup.policy=delete}: never compacted, which would keep one dead letter per employee.
 */
public final class SyncTopics {

    private static final String DEAD_LETTER_SUFFIX = Topics.deadLetterTopicOf("");

    private final SyncTopicsProperties properties;

    public SyncTopics(SyncTopicsProperties properties) {
        this.properties = properties;
    }

    /** The topics and, beside each, its {@code -dlt} topic with the same partitions (dead letters keep the partition). */
    public KafkaAdmin.NewTopics withDeadLetterTopics(String... topics) {
        return declare(topicsAndDeadLetterTopics(topics));
    }

    /** The dead-letter topics of {@code topics} alone, for a service that reads only dead letters. */
    public KafkaAdmin.NewTopics deadLetterTopicsOf(String... topics) {
        return declare(Arrays.stream(topics).map(topic -> newTopic(Topics.deadLetterTopicOf(topic))).toList());
    }

    /** Topics without dead letters: ones that nothing in the sync consumes, such as the audit trail, and the alerts. */
    public KafkaAdmin.NewTopics withoutDeadLetterTopics(String... topics) {
        return declare(Arrays.stream(topics).map(this::newTopic).toList());
    }

    /** Compacted topics: the latest record of each key is kept for ever, older ones and tombstones compacted away. */
    public KafkaAdmin.NewTopics compacted(String... topics) {
        return declare(Arrays.stream(topics).map(this::compactedTopic).toList());
    }

    List<NewTopic> topicsAndDeadLetterTopics(String... topics) {
        List<NewTopic> declared = new ArrayList<>();
        for (String topic : topics) {
            declared.add(newTopic(topic));
            declared.add(newTopic(Topics.deadLetterTopicOf(topic)));
        }
        return declared;
    }

    NewTopic newTopic(String name) {
        long retentionMs = isKeptUntilReplayed(name) ? properties.deadLetterRetentionMs() : properties.retentionMs();
        return sized(name).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(retentionMs)));
    }

    NewTopic compactedTopic(String name) {
        return sized(name).configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }

    /** Dead letters and alerts: what a person has been mailed about and may replay, however late. */
    static boolean isKeptUntilReplayed(String topic) {
        return topic.endsWith(DEAD_LETTER_SUFFIX) || topic.equals(Topics.SYNC_ALERTS);
    }

    private NewTopic sized(String name) {
        Short replicationFactor = properties.replicationFactor();
        Optional<Short> replicas = replicationFactor == null || replicationFactor == -1
                ? Optional.empty()
                : Optional.of(replicationFactor);
        return new NewTopic(name, Optional.of(properties.partitions()), replicas);
    }

    private static KafkaAdmin.NewTopics declare(List<NewTopic> topics) {
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }
}
