package io.hibobsync.kafka;

import io.hibobsync.contracts.Topics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Declares topics, each with its dead-letter topic where something consumes it, so a service works against a
 * broker whose topic auto-creation is off. Spring's {@link KafkaAdmin} creates them at start-up and leaves
 * existing ones alone.
 */
public final class SyncTopics {

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

    /** Topics without dead letters: ones that nothing in the sync consumes, such as the audit trail. */
    public KafkaAdmin.NewTopics withoutDeadLetterTopics(String... topics) {
        return declare(Arrays.stream(topics).map(this::newTopic).toList());
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
