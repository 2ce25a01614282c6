package io.hibobsync.notifier.kafka;

import io.hibobsync.contracts.Topics;
import io.hibobsync.kafka.SyncTopics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The topics notifier-service reads, created at start-up when missing: the dead-letter topics, the alerts and
 * {@code sync-plans} (declared by docebo-writer-service too, with the same settings).
 */
@Configuration(proxyBeanMethods = false)
class NotifierTopicsConfiguration {

    @Bean
    KafkaAdmin.NewTopics notifierTopics(SyncTopics topics) {
        return topics.deadLetterTopicsOf(Topics.HIBOB_WEBHOOKS, Topics.HIBOB_EMPLOYEES);
    }

    @Bean
    KafkaAdmin.NewTopics notifierAlertTopic(SyncTopics topics) {
        return topics.withoutDeadLetterTopics(Topics.SYNC_ALERTS);
    }

    @Bean
    KafkaAdmin.NewTopics notifierPlansTopic(SyncTopics topics) {
        return topics.withoutDeadLetterTopics(Topics.SYNC_PLANS);
    }
}
