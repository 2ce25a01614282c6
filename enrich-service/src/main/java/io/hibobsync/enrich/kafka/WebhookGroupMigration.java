package io.hibobsync.enrich.kafka;

import io.hibobsync.contracts.Topics;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * Earlier builds of enrich-service consumed {@code hibob-webhooks} as consumer group {@value #LEGACY_GROUP} (the
 * webhook listener's id, which spring-kafka takes for the group when none is named), while the README, the runbook
 * and {@code sync-replay offsets --group} name {@code enrich-service}. It now consumes as
 * {@code spring.kafka.consumer.group-id} ({@code enrich-service}). So that the first start under the new name neither
 * reads every retained webhook again ({@code auto-offset-reset: earliest}) nor skips any, the old group's committed
 * offsets are copied to the new one before the listeners start (once every bean is made, before any container
 * starts), once: when the new group has none yet.
 */
@Component
class WebhookGroupMigration implements SmartInitializingSingleton {

    static final String LEGACY_GROUP = "enrich-webhooks";
    private static final Logger log = LoggerFactory.getLogger(WebhookGroupMigration.class);

    private final KafkaAdmin kafka;
    private final String group;
    private final String legacyGroup;

    @Autowired
    WebhookGroupMigration(KafkaAdmin kafka, @Value("${spring.kafka.consumer.group-id}") String group) {
        this(kafka, group, LEGACY_GROUP);
    }

    WebhookGroupMigration(KafkaAdmin kafka, String group, String legacyGroup) {
        this.kafka = kafka;
        this.group = group;
        this.legacyGroup = legacyGroup;
    }

    @Override
    public void afterSingletonsInstantiated() {
        try (Admin admin = Admin.create(kafka.getConfigurationProperties())) {
            if (committed(admin, group).isEmpty()) {
                Map<TopicPartition, OffsetAndMetadata> legacy = committed(admin, legacyGroup);
                if (!legacy.isEmpty()) {
                    admin.alterConsumerGroupOffsets(group, legacy).all().get(30, TimeUnit.SECONDS);
                    log.info("Consumer group {} takes over {}'s offsets of {} ({} partitions); the old group is no "
                            + "longer used and may be deleted (kafka-consumer-groups --delete --group {})", group,
                            legacyGroup, Topics.HIBOB_WEBHOOKS, legacy.size(), legacyGroup);
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not copy the committed offsets of consumer group " + legacyGroup
                    + " to " + group + " (" + e.getMessage() + "); enrich-service does not start rather than read "
                    + Topics.HIBOB_WEBHOOKS + " from the beginning. Copy them by hand (sync-replay offsets) or "
                    + "start again once the broker answers.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while copying consumer group offsets", e);
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(Admin admin, String group)
            throws ExecutionException, InterruptedException, TimeoutException {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                .entrySet().stream()
                .filter(entry -> entry.getKey().topic().equals(Topics.HIBOB_WEBHOOKS) && entry.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
