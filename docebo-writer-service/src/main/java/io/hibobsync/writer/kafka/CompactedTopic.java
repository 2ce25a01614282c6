package io.hibobsync.writer.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.kafka.core.KafkaAdmin;

/** Reads a compacted topic of the writer's (its memory, the held actions) whole, as state, at start-up. */
final class CompactedTopic {

    private CompactedTopic() {
    }

    /**
     * Hands every record from the beginning to the end offsets found now to {@code each}, in order; answers the
     * consumer, positioned there, for a caller that goes on following the topic (or closes it).
     */
    static KafkaConsumer<String, byte[]> readToEnd(KafkaAdmin admin, String topic,
            Consumer<ConsumerRecord<String, byte[]>> each) {
        Map<String, Object> config = new HashMap<>(admin.getConfigurationProperties());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, topic + "-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
            consumer.poll(Duration.ofMillis(200)).forEach(each);
        }
        return consumer;
    }
}
