package io.hibobsync.enrich.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.hibobsync.contracts.Topics;
import io.hibobsync.kafka.test.KafkaTestBroker;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The webhook listener's consumer group was renamed (enrich-webhooks → enrich-service): the first start under the
 * new name continues where the old group stopped, on a real broker, and never overwrites offsets the new group has.
 */
class WebhookGroupMigrationTest {

    private static final KafkaTestBroker broker = KafkaTestBroker.shared();
    private static final Map<String, Object> config =
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    private static final TopicPartition first = new TopicPartition(Topics.HIBOB_WEBHOOKS, 0);
    private static final TopicPartition second = new TopicPartition(Topics.HIBOB_WEBHOOKS, 1);

    @BeforeAll
    static void webhookTopic() throws Exception {
        try (Admin admin = Admin.create(config)) {
            admin.createTopics(List.of(new NewTopic(Topics.HIBOB_WEBHOOKS, 6, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(TopicExistsException.class);
        }
    }

    @Test
    void the_new_group_takes_over_the_old_groups_offsets_once() throws Exception {
        String legacy = "legacy-" + UUID.randomUUID();
        String group = "enrich-" + UUID.randomUUID();
        commit(legacy, Map.of(first, new OffsetAndMetadata(7), second, new OffsetAndMetadata(3)));

        migration(group, legacy).afterSingletonsInstantiated();

        assertThat(committed(group)).containsOnly(Map.entry(first, 7L), Map.entry(second, 3L));

        // Later starts leave the new group's own progress alone.
        commit(group, Map.of(first, new OffsetAndMetadata(9)));
        migration(group, legacy).afterSingletonsInstantiated();
        assertThat(committed(group)).containsEntry(first, 9L);
    }

    @Test
    void with_no_old_group_nothing_is_committed() throws Exception {
        String group = "enrich-" + UUID.randomUUID();

        migration(group, "legacy-" + UUID.randomUUID()).afterSingletonsInstantiated();

        assertThat(committed(group)).isEmpty();
    }

    private static WebhookGroupMigration migration(String group, String legacy) {
        return new WebhookGroupMigration(new KafkaAdmin(config), group, legacy);
    }

    private static void commit(String group, Map<TopicPartition, OffsetAndMetadata> offsets) throws Exception {
        try (Admin admin = Admin.create(config)) {
            admin.alterConsumerGroupOffsets(group, offsets).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static Map<TopicPartition, Long> committed(String group) throws Exception {
        try (Admin admin = Admin.create(config)) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                    .entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                            entry -> entry.getValue().offset()));
        }
    }
}
