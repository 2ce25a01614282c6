package io.hibobsync.enrich.kafka;

import io.hibobsync.contracts.Topics;
import io.hibobsync.kafka.SyncTopics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** The topics enrich-service reads and writes, created at start-up when missing. */
@Configuration(proxyBeanMethods = false)
class EnrichTopicsConfiguration {

    @Bean
    KafkaAdmin.NewTopics enrichTopics(SyncTopics topics) {
        return topics.withDeadLetterTopics(Topics.HIBOB_WEBHOOKS, Topics.HIBOB_EMPLOYEES);
    }

    /** Declared by the writer too (the same declaration): whichever starts first creates them. */
    @Bean
    KafkaAdmin.NewTopics enrichCommandTopics(SyncTopics topics) {
        return topics.withDeadLetterTopics(Topics.SYNC_COMMANDS);
    }

    @Bean
    KafkaAdmin.NewTopics enrichAlertTopic(SyncTopics topics) {
        return topics.withoutDeadLetterTopics(Topics.SYNC_ALERTS);
    }
}
