package io.hibobsync.notifier;

import static org.awaitility.Awaitility.await;

import io.hibobsync.contracts.ConfigurationAlert;
import io.hibobsync.contracts.ConfigurationAlert.Kind;
import io.hibobsync.contracts.DeadLetterHeaders;
import io.hibobsync.contracts.PlanEntry;
import io.hibobsync.contracts.RunProgress;
import io.hibobsync.contracts.Topics;
import io.hibobsync.kafka.test.KafkaTestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Kafka side of the notifier's tests, on the shared test broker: dead letters written exactly as the services
 * write them (spring-kafka's {@link DeadLetterPublishingRecoverer} with our stage and employee headers), alerts as
 * the services publish them, what docebo-writer-service reports of a full sync on {@code sync-plans}, and the
 * consumer groups' committed offsets.
 */
final class NotifierKafka implements AutoCloseable {

    static final KafkaTestBroker broker = KafkaTestBroker.shared();
    static final int PARTITIONS = 6;

    private final KafkaTemplate<String, byte[]> template;
    private final JsonMapper json = new JsonMapper();

    NotifierKafka() {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.ACKS_CONFIG, "all");
        template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
    }

    /** A notifier under test: this broker, the test's SMTP server, its own consumer group. */
    static void pointAt(DynamicPropertyRegistry registry, Smtp smtp, String group) {
        registry.add("spring.kafka.bootstrap-servers", NotifierKafka::bootstrapServers);
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", smtp::port);
        registry.add("notifier.group-id", () -> group);
    }

    static String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /**
     * A consumer group name whose offsets start at the current end of the topics the notifier reads (created here
     * when missing), for it and its {@code -alerts} and {@code -runs} groups: each test sees only the records it
     * writes, on topics other tests of this JVM share.
     */
    static String newGroupAtTheEnd() {
        String group = "notifier-test-" + UUID.randomUUID();
        List<String> topics = List.of(Topics.deadLetterTopicOf(Topics.HIBOB_WEBHOOKS),
                Topics.deadLetterTopicOf(Topics.HIBOB_EMPLOYEES), Topics.SYNC_ALERTS, Topics.SYNC_PLANS);
        try (Admin admin = admin()) {
            for (String topic : topics) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, Optional.of(PARTITIONS), Optional.empty())))
                            .all().get(10, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            Map<TopicPartition, OffsetAndMetadata> deadLetterEnds = new HashMap<>();
            Map<TopicPartition, OffsetAndMetadata> alertEnds = new HashMap<>();
            Map<TopicPartition, OffsetAndMetadata> planEnds = new HashMap<>();
            // A topic just created may not have its leaders yet: ask until every partition answers.
            Map<TopicPartition, Long> ends = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> endOffsets(admin, topics), found -> found.size() == topics.size() * PARTITIONS);
            ends.forEach((partition, end) -> (switch (partition.topic()) {
                case Topics.SYNC_ALERTS -> alertEnds;
                case Topics.SYNC_PLANS -> planEnds;
                default -> deadLetterEnds;
            }).put(partition, new OffsetAndMetadata(end)));
            admin.alterConsumerGroupOffsets(group, deadLetterEnds).all().get(10, TimeUnit.SECONDS);
            admin.alterConsumerGroupOffsets(group + "-alerts", alertEnds).all().get(10, TimeUnit.SECONDS);
            admin.alterConsumerGroupOffsets(group + "-runs", planEnds).all().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            throw new IllegalStateException("Could not prepare consumer group " + group, e);
        }
        return group;
    }

    /** How far {@code group} has committed on {@code topic}, summed over the partitions. */
    static long committed(String group, String topic) {
        try (Admin admin = admin()) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
                    .entrySet().stream()
                    .filter(entry -> entry.getKey().topic().equals(topic) && entry.getValue() != null)
                    .mapToLong(entry -> entry.getValue().offset())
                    .sum();
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The end offsets of {@code topic}, summed over the partitions. */
    static long end(String topic) {
        try (Admin admin = admin()) {
            return endOffsets(admin, List.of(topic)).values().stream().mapToLong(Long::longValue).sum();
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What docebo-writer-service dead-letters: the snapshot's bytes on {@code hibob-employees-dlt}, the cause in the
     * headers. The snapshot holds more personal data than the mail may show.
     */
    void writerFailure(String employeeId, String email, String event, Exception cause) {
        writerDeadLetter(employeeId, email, event, null, cause);
    }

    /**
     * What docebo-writer-service dead-letters when it refuses a change on purpose: as {@link #writerFailure}, with
     * {@link DeadLetterHeaders#REASON} set to {@code reason}.
     */
    void writerRefusal(String employeeId, String email, String event, String reason, Exception cause) {
        writerDeadLetter(employeeId, email, event, reason, cause);
    }

    private void writerDeadLetter(String employeeId, String email, String event, String reason, Exception cause) {
        String snapshot = """
                {"employeeId":"%s","event":"%s","deliveryId":"d-%s","receivedAt":"2025-01-08T13:06:20Z",\
                "readAt":"2025-01-08T13:06:21Z","deleted":false,"email":"%s","firstName":"Grace",\
                "surname":"Hopper","displayName":"Grace Hopper","department":"Engineering","site":"London",\
                "managerId":"3332883000000000099","managerEmail":"boss.person@example.com","active":true,\
                "lifecycleStatus":"Employed","startDate":"2020-01-06","terminationDate":null,\
                "fields":{"work.title":"Rear Admiral"}}""".formatted(employeeId, event, employeeId, email);
        deadLetter(Topics.HIBOB_EMPLOYEES, "docebo-writer-service", employeeId, reason,
                snapshot.getBytes(StandardCharsets.UTF_8), new RecordHeaders(),
                new ListenerExecutionFailedException("Listener method 'void io.hibobsync.writer.kafka."
                        + "EmployeeSnapshotListener.onSnapshot(org.apache.kafka.clients.consumer.ConsumerRecord)' "
                        + "threw exception", cause));
    }

    /** What enrich-service dead-letters: the webhook body, byte for byte, on {@code hibob-webhooks-dlt}. */
    void enrichFailure(String employeeId, String webhookBody, String eventType, Exception cause) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("hibob-event-type", eventType.getBytes(StandardCharsets.UTF_8));
        headers.add("hibob-delivery-id", "abc123".getBytes(StandardCharsets.UTF_8));
        deadLetter(Topics.HIBOB_WEBHOOKS, "enrich-service", employeeId, null,
                webhookBody.getBytes(StandardCharsets.UTF_8), headers, cause);
    }

    private void deadLetter(String topic, String stage, String employeeId, String reason, byte[] value,
            RecordHeaders headers, Exception failure) {
        int partition = Math.floorMod(employeeId.hashCode(), PARTITIONS);
        ConsumerRecord<String, byte[]> original = new ConsumerRecord<>(topic, partition, 4_000 + partition,
                Instant.now().minusSeconds(30).toEpochMilli(), TimestampType.CREATE_TIME, 0, value.length, employeeId,
                value, headers, Optional.empty());
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template);
        recoverer.setHeadersFunction((record, exception) -> {
            RecordHeaders ours = new RecordHeaders();
            ours.add(DeadLetterHeaders.FAILED_STAGE, stage.getBytes(StandardCharsets.UTF_8));
            ours.add(DeadLetterHeaders.EMPLOYEE_ID, employeeId.getBytes(StandardCharsets.UTF_8));
            if (reason != null) {
                ours.add(DeadLetterHeaders.REASON, reason.getBytes(StandardCharsets.UTF_8));
            }
            return ours;
        });
        recoverer.setFailIfSendResultIsError(true);
        recoverer.accept(original, null, failure);
    }

    /**
     * A credentials alert as the services published it before alerts had a kind: no {@code kind}, keyed
     * {@code service/system}.
     */
    void alert(String service, String system, int status, String message, Instant at, boolean resolved) {
        String json = """
                {"service":"%s","system":"%s","status":%d,"message":"%s","at":"%s","resolved":%s}"""
                .formatted(service, system, status, message, at, resolved);
        sendAlert(service + "/" + system, json);
    }

    /** An alert of {@code kind} as enrich-service or docebo-writer-service publishes it, keyed by its key(). */
    void alert(String service, String system, int status, String message, Instant at, boolean resolved, Kind kind) {
        String json = """
                {"service":"%s","system":"%s","status":%d,"message":"%s","at":"%s","resolved":%s,"kind":"%s"}"""
                .formatted(service, system, status, message, at, resolved, kind);
        sendAlert(new ConfigurationAlert(service, system, status, message, at, resolved, kind).key(), json);
    }

    private void sendAlert(String key, String json) {
        try {
            template.send(Topics.SYNC_ALERTS, key, json.getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What docebo-writer-service reports for one employee of a full sync: keyed by the run id. */
    void planEntry(String runId, boolean plan, String employeeId, String action, String doceboUserId, String username,
            List<String> changes, String detail) {
        sendPlan(runId, new PlanEntry(runId, plan, employeeId, action, doceboUserId, username, changes, detail));
    }

    /** The writer has seen the whole run on {@code partition} of {@code partitions}: keyed by the run id. */
    void runProgress(String runId, boolean plan, int partition, int partitions, Map<String, Integer> counts,
            int total) {
        sendPlan(runId, new RunProgress(runId, plan, partition, partitions, counts, total));
    }

    private void sendPlan(String runId, Object value) {
        try {
            template.send(Topics.SYNC_PLANS, runId, json.writeValueAsBytes(value)).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        template.destroy();
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, List<String> topics)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (String topic : topics) {
            admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions()
                    .forEach(info -> latest.put(new TopicPartition(topic, info.partition()), OffsetSpec.latest()));
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS)
                .forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    /** The ids of {@code count} employees no other test uses. */
    static List<String> newEmployeeIds(int count) {
        long base = 3_332_883_000_000_000_000L + (long) (Math.random() * 900_000_000_000L) * 1_000;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(Long.toString(base + i));
        }
        return ids;
    }
}
