package io.hibobsync.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class SyncTopicsTest {

    @Test
    void declares_each_topic_beside_its_dead_letter_topic_with_the_same_partitions() {
        List<NewTopic> declared = new SyncTopics(new SyncTopicsProperties(12, (short) 3))
                .topicsAndDeadLetterTopics("hibob-webhooks", "hibob-employees");

        assertThat(declared).extracting(NewTopic::name)
                .containsExactly("hibob-webhooks", "hibob-webhooks-dlt", "hibob-employees", "hibob-employees-dlt");
        assertThat(declared).allSatisfy(topic -> {
            assertThat(topic.numPartitions()).isEqualTo(12);
            assertThat(topic.replicationFactor()).isEqualTo((short) 3);
        });
    }

    @Test
    void leaves_the_replication_factor_to_the_broker_unless_one_is_set() {
        NewTopic topic = new SyncTopics(new SyncTopicsProperties(null, (short) -1)).newTopic("docebo-sync-outcomes");

        assertThat(topic.numPartitions()).isEqualTo(6);
        // NewTopic encodes "the broker's default" as -1.
        assertThat(topic.replicationFactor()).isEqualTo((short) -1);
        assertThat(new SyncTopics(new SyncTopicsProperties(1, null)).newTopic("t").replicationFactor()).isEqualTo((short) -1);
    }
}
