package io.hibobsync.ingest.kafka;

import io.hibobsync.contracts.Topics;
import io.hibobsync.kafka.SyncTopics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** The topics ingest-service writes to, created at start-up when missing. */
@Configuration(proxyBeanMethods = false)
class IngestTopicsConfiguration {

    @Bean
    KafkaAdmin.NewTopics ingestTopics(SyncTopics topics) {
        return topics.withDeadLetterTopics(Topics.HIBOB_WEBHOOKS);
    }
}
