package io.hibobsync.writer;

import io.hibobsync.contracts.EmployeeSnapshot;
import io.hibobsync.contracts.SyncOutcome;
import io.hibobsync.contracts.Topics;
import io.hibobsync.kafka.test.TopicReader;
import io.hibobsync.simulator.docebo.DoceboSimulator;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.json.JsonMapper;

/** What the writer's tests do on both sides of it: put snapshots on Kafka, read outcomes, point at Docebo. */
final class WriterTestSupport {

    static final JsonMapper json = JsonMapper.builder().findAndAddModules().build();

    private WriterTestSupport() {
    }

    /** The writer's settings for a Docebo simulator and a broker. */
    static Map<String, Object> writerProperties(DoceboSimulator docebo, String bootstrapServers) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("spring.kafka.bootstrap-servers", bootstrapServers);
        properties.put("docebo.url", docebo.baseUrl());
        properties.put("docebo.client-id", docebo.clientId());
        properties.put("docebo.client-secret", docebo.clientSecret());
        properties.put("docebo.username", docebo.username());
        properties.put("docebo.password", docebo.password());
        properties.put("mapping.department-branches", "Engineering=ENG,Sales=SALES");
        properties.put("mapping.site-timezones", "London=Europe/London,Paris=Europe/Paris");
        properties.put("mapping.site-languages", "Paris=french");
        properties.put("mapping.default-language", "english");
        properties.put("mapping.additional-fields", "5=work.title");
        // Short, so that a test that waits longer proves a wait does not use up the transient retry budget.
        properties.put("writer.retry.max-elapsed", "5s");
        properties.put("writer.retry.throttle-max-back-off", "2s");
        properties.put("writer.retry.auth-interval", "2s");
        return properties;
    }

    static void publish(String bootstrapServers, EmployeeSnapshot... snapshots) {
        publishRaw(bootstrapServers, java.util.Arrays.stream(snapshots)
                .map(snapshot -> Map.entry(snapshot.employeeId(), json.writeValueAsBytes(snapshot))).toList());
    }

    /** Records to {@code hibob-employees} as they are, by key, in order: also what no snapshot serializes to. */
    static void publishRaw(String bootstrapServers, List<Map.Entry<String, byte[]>> records) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (Map.Entry<String, byte[]> record : records) {
                producer.send(new ProducerRecord<>(Topics.HIBOB_EMPLOYEES, record.getKey(), record.getValue()))
                        .get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first {@code count} outcomes for an employee, in order (waits up to 90 s for them). */
    static List<SyncOutcome> outcomes(String bootstrapServers, String employeeId, int count) {
        return TopicReader.read(bootstrapServers, Topics.DOCEBO_SYNC_OUTCOMES,
                        record -> employeeId.equals(record.key()), count, Duration.ofSeconds(90)).stream()
                .map(record -> json.readValue(record.value(), SyncOutcome.class))
                .toList();
    }
}
