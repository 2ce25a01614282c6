package io.hibobsync.kafka;

import java.time.Duration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

/** What every service of the sync gets from Kafka the same way: topic declarations and a health check. */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@EnableConfigurationProperties(SyncTopicsProperties.class)
public class SyncKafkaAutoConfiguration {

    @Bean
    SyncTopics syncTopics(SyncTopicsProperties properties) {
        return new SyncTopics(properties);
    }

    @Bean("kafka")
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
        return new KafkaHealthIndicator(kafkaAdmin, Duration.ofSeconds(3));
    }
}
