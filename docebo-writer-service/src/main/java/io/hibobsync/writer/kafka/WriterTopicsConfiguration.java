package io.hibobsync.writer.kafka;

import io.hibobsync.contracts.Topics;
import io.hibobsync.kafka.SyncTopics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** The topics docebo-writer-service reads and writes, created at start-up when missing. */
@Configuration(proxyBeanMethods = false)
class WriterTopicsConfiguration {

    /** The writer's memory: one record per employee, compacted, never deleted by age: the latest state is kept. */
    static final String MEMORY = "docebo-writer-memory";

    @Bean
    KafkaAdmin.NewTopics writerInputTopics(SyncTopics topics) {
        return topics.withDeadLetterTopics(Topics.HIBOB_EMPLOYEES);
    }

    @Bean
    KafkaAdmin.NewTopics writerOutputTopics(SyncTopics topics) {
        return topics.withoutDeadLetterTopics(Topics.DOCEBO_SYNC_OUTCOMES, Topics.SYNC_ALERTS, Topics.SYNC_PLANS);
    }

    @Bean
    KafkaAdmin.NewTopics writerMemoryTopic(SyncTopics topics) {
        return topics.compacted(MEMORY, Topics.SYNC_HELD);
    }

    @Bean
    KafkaAdmin.NewTopics writerCommandTopics(SyncTopics topics) {
        return topics.withDeadLetterTopics(Topics.SYNC_COMMANDS);
    }
}
