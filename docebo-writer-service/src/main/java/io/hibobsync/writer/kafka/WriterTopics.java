package io.hibobsync.writer.kafka;

import io.hibobsync.contracts.Topics;
import io.hibobsync.kafka.SyncTopics;
import io.hibobsync.kafka.SyncTopicsProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/** The topics docebo-writer-service reads and writes, created at start-up when missing. */
@Configuration(proxyBeanMethods = false)
class WriterTopics {

    /** The writer's memory: one record per employee, compacted so the latest state per employee is kept forever. */
    static final String MEMORY = "docebo-writer-memory";

    @Bean
    KafkaAdmin.NewTopics writerInputTopics(SyncTopics topics) {
        return topics.withDeadLetterTopics(Topics.HIBOB_EMPLOYEES);
    }

    @Bean
    KafkaAdmin.NewTopics writerOutputTopics(SyncTopics topics) {
        return topics.withoutDeadLetterTopics(Topics.DOCEBO_SYNC_OUTCOMES, Topics.SYNC_ALERTS);
    }

    @Bean
    NewTopic writerMemoryTopic(SyncTopicsProperties properties) {
        TopicBuilder memory = TopicBuilder.name(MEMORY)
                .partitions(properties.partitions())
                .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        Short replicas = properties.replicationFactor();
        if (replicas != null && replicas != -1) {
            memory.replicas(replicas);
        }
        return memory.build();
    }
}
