package io.hibobsync.kafka;

import java.time.Duration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.ProducerFactory;

/**
 * What every service of the sync gets from Kafka the same way: topic declarations, a health check, and a producer
 * made once the service has started.
 */
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

    /** The shared producer is created at start-up (its classes loaded, its threads started), not by the first send. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> producerWarmUp(ProducerFactory<?, ?> producers) {
        return ready -> WarmUp.inBackground("create the Kafka producer", () -> producers.createProducer().close());
    }
}
