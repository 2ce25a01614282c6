package io.hibobsync.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.hibobsync.contracts.Topics;
import io.hibobsync.kafka.test.BrokerContents;
import io.hibobsync.kafka.test.KafkaTestBroker;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The declared topics as the broker has them, created or changed by Spring's KafkaAdmin with the services'
 * settings ({@code spring.kafka.admin.modify-topic-configs=true}): what retention each kind really gets.
 */
class SyncTopicsBrokerTest {

    private static final KafkaTestBroker broker = KafkaTestBroker.shared();
    private static final String MEMORY = "docebo-writer-memory";
    private static final String SEVEN_DAYS_MS = "604800000";

    private final ApplicationContextRunner service = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, SyncKafkaAutoConfiguration.class))
            .withUserConfiguration(EveryTopic.class)
            .withPropertyValues(
                    "spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                    "spring.kafka.admin.fail-fast=true",
                    "spring.kafka.admin.modify-topic-configs=true",
                    "sync.topics.partitions=2");

    @Test
    void creates_streams_with_30_days_dead_letters_and_alerts_forever_and_the_memory_compacted_and_fixes_existing_ones() {
        // An older deployment: topics created with the broker's 7 days, the memory also deleted by age.
        try (Admin admin = admin()) {
            admin.createTopics(List.of(
                    new NewTopic(Topics.HIBOB_EMPLOYEES, Optional.of(2), Optional.empty())
                            .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, SEVEN_DAYS_MS)),
                    new NewTopic(Topics.deadLetterTopicOf(Topics.HIBOB_EMPLOYEES), Optional.of(2), Optional.empty())
                            .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, SEVEN_DAYS_MS)),
                    new NewTopic(MEMORY, Optional.of(2), Optional.empty())
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "compact,delete"))))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not create the older deployment's topics", e);
        }

        service.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(BrokerContents.topicNames(broker.bootstrapServers())).contains("hibob-webhooks",
                    "hibob-webhooks-dlt", "hibob-employees", "hibob-employees-dlt", "docebo-sync-outcomes",
                    "sync-alerts", MEMORY);

            Map<String, Config> configs = topicConfigs(List.of("hibob-webhooks", "hibob-employees",
                    "docebo-sync-outcomes", "hibob-webhooks-dlt", "hibob-employees-dlt", "sync-alerts", MEMORY));
            assertThat(Map.of(
                    "hibob-webhooks", retentionOf(configs, "hibob-webhooks"),
                    "hibob-employees", retentionOf(configs, "hibob-employees"),
                    "docebo-sync-outcomes", retentionOf(configs, "docebo-sync-outcomes"),
                    "hibob-webhooks-dlt", retentionOf(configs, "hibob-webhooks-dlt"),
                    "hibob-employees-dlt", retentionOf(configs, "hibob-employees-dlt"),
                    "sync-alerts", retentionOf(configs, "sync-alerts")))
                    .as("retention.ms on the broker")
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            "hibob-webhooks", "2592000000",
                            "hibob-employees", "2592000000",
                            "docebo-sync-outcomes", "2592000000",
                            "hibob-webhooks-dlt", "-1",
                            "hibob-employees-dlt", "-1",
                            "sync-alerts", "-1"));
            assertThat(configs).allSatisfy((topic, config) -> assertThat(
                    config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).as("cleanup.policy of %s", topic)
                    .isEqualTo(topic.equals(MEMORY) ? "compact" : "delete"));
        });
    }

    /** What the four services declare between them, the way they declare it. */
    @Configuration(proxyBeanMethods = false)
    static class EveryTopic {

        @Bean
        KafkaAdmin.NewTopics streams(SyncTopics topics) {
            return topics.withDeadLetterTopics(Topics.HIBOB_WEBHOOKS, Topics.HIBOB_EMPLOYEES);
        }

        @Bean
        KafkaAdmin.NewTopics unconsumed(SyncTopics topics) {
            return topics.withoutDeadLetterTopics(Topics.DOCEBO_SYNC_OUTCOMES, Topics.SYNC_ALERTS);
        }

        @Bean
        KafkaAdmin.NewTopics memory(SyncTopics topics) {
            return topics.compacted(MEMORY);
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static Map<String, Config> topicConfigs(List<String> topics) throws Exception {
        try (Admin admin = admin()) {
            List<ConfigResource> resources = topics.stream()
                    .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic))
                    .toList();
            return admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS).entrySet().stream()
                    .collect(Collectors.toMap(entry -> entry.getKey().name(), Map.Entry::getValue));
        }
    }

    private static String retentionOf(Map<String, Config> configs, String topic) {
        return configs.get(topic).get(TopicConfig.RETENTION_MS_CONFIG).value();
    }
}
