package io.hibobsync.endtoend;

import io.hibobsync.contracts.EmployeeSnapshot;
import io.hibobsync.contracts.SyncOutcome;
import io.hibobsync.contracts.Topics;
import io.hibobsync.contracts.WebhookHeaders;
import io.hibobsync.kafka.test.TopicReader;
import io.hibobsync.simulator.hibob.WebhookDelivery;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import tools.jackson.databind.json.JsonMapper;

/**
 * Follows every webhook HiBob was told was received (a 2xx) through the topics, stage by stage, and counts what
 * went missing on the way. A webhook is <em>lost</em> when
 * <ol>
 *   <li>ingest acknowledged it but {@code hibob-webhooks} does not hold it (by delivery id, the SHA-256 of its
 *       bytes, copy for copy), or</li>
 *   <li>it is on {@code hibob-webhooks} but enrich never read that employee from HiBob after receiving it (no
 *       snapshot of theirs read at or after its receipt on {@code hibob-employees}) nor dead-lettered it, or</li>
 *   <li>it is the newest snapshot of an employee and the writer never answered it (no outcome with its delivery
 *       applied at or after its read on {@code docebo-sync-outcomes}) nor dead-lettered it.</li>
 * </ol>
 * Older snapshots of one employee may be answered by a newer one (the writer applies the newest of a poll), so only
 * the newest counts at the third stage: the employee-by-employee {@link StateCheck} proves the rest. Dead-lettered
 * records are not lost: they are mailed and can be replayed; they are counted on their own.
 */
final class PipelineLedger {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    private static final JsonMapper json = JsonMapper.builder().build();

    /** Per stage: acknowledged but not stored, stored but never read, read but never applied; and dead letters. */
    record Losses(int notStored, int neverRead, int neverApplied, int deadLettered) {

        int total() {
            return notStored + neverRead + neverApplied;
        }

        @Override
        public String toString() {
            return total() == 0 ? "0" : total() + " (not stored " + notStored + ", never read " + neverRead
                    + ", never applied " + neverApplied + ")";
        }
    }

    private PipelineLedger() {
    }

    /** What became of {@code acknowledged} (real webhooks HiBob got a 2xx for), received from {@code since} on. */
    static Losses follow(String bootstrapServers, List<WebhookDelivery> acknowledged, Instant since) {
        Map<String, Integer> ackedCopies = new HashMap<>();
        acknowledged.forEach(delivery -> ackedCopies.merge(deliveryId(delivery.body()), 1, Integer::sum));

        List<ConsumerRecord<String, byte[]>> webhooks = TopicReader.readAll(bootstrapServers, Topics.HIBOB_WEBHOOKS,
                READ_TIMEOUT).stream().filter(record -> ackedCopies.containsKey(header(record, WebhookHeaders.DELIVERY_ID)))
                .toList();
        Map<String, Integer> storedCopies = new HashMap<>();
        webhooks.forEach(record -> storedCopies.merge(header(record, WebhookHeaders.DELIVERY_ID), 1, Integer::sum));
        int notStored = ackedCopies.entrySet().stream()
                .mapToInt(acked -> Math.max(0, acked.getValue() - storedCopies.getOrDefault(acked.getKey(), 0))).sum();

        Map<String, List<EmployeeSnapshot>> snapshots = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : TopicReader.readAll(bootstrapServers, Topics.HIBOB_EMPLOYEES,
                READ_TIMEOUT)) {
            EmployeeSnapshot snapshot = json.readValue(record.value(), EmployeeSnapshot.class);
            if (snapshot.runId() == null && !snapshot.readAt().isBefore(since)) {
                snapshots.computeIfAbsent(snapshot.employeeId(), id -> new ArrayList<>()).add(snapshot);
            }
        }
        Set<String> webhookDeadLetters = deadLetters(bootstrapServers, Topics.HIBOB_WEBHOOKS, since, true);
        Set<String> snapshotDeadLetters = deadLetters(bootstrapServers, Topics.HIBOB_EMPLOYEES, since, false);

        int neverRead = 0;
        for (ConsumerRecord<String, byte[]> webhook : webhooks) {
            Instant receivedAt = Instant.parse(header(webhook, WebhookHeaders.RECEIVED_AT));
            boolean read = snapshots.getOrDefault(webhook.key(), List.of()).stream()
                    .anyMatch(snapshot -> !snapshot.readAt().isBefore(receivedAt));
            if (!read && !webhookDeadLetters.contains(webhook.key() + "/" + header(webhook, WebhookHeaders.DELIVERY_ID))) {
                neverRead++;
            }
        }

        Map<String, List<SyncOutcome>> outcomes = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : TopicReader.readAll(bootstrapServers, Topics.DOCEBO_SYNC_OUTCOMES,
                READ_TIMEOUT)) {
            SyncOutcome outcome = json.readValue(record.value(), SyncOutcome.class);
            outcomes.computeIfAbsent(outcome.employeeId(), id -> new ArrayList<>()).add(outcome);
        }
        int neverApplied = 0;
        for (var employee : snapshots.entrySet()) {
            EmployeeSnapshot newest = employee.getValue().stream()
                    .max(java.util.Comparator.comparing(EmployeeSnapshot::readAt)).orElseThrow();
            boolean answered = outcomes.getOrDefault(employee.getKey(), List.of()).stream()
                    .anyMatch(outcome -> newest.deliveryId().equals(outcome.deliveryId()) && outcome.appliedAt() != null
                            && !outcome.appliedAt().isBefore(newest.readAt()));
            if (!answered && !snapshotDeadLetters.contains(employee.getKey())) {
                neverApplied++;
            }
        }
        return new Losses(notStored, neverRead, neverApplied, webhookDeadLetters.size() + snapshotDeadLetters.size());
    }

    /**
     * Keys of the dead letters of {@code topic} written from {@code since} on: {@code employee/delivery} for
     * webhooks, the employee id for snapshots.
     */
    private static Set<String> deadLetters(String bootstrapServers, String topic, Instant since, boolean byDelivery) {
        Set<String> keys = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : TopicReader.readAll(bootstrapServers,
                Topics.deadLetterTopicOf(topic), READ_TIMEOUT)) {
            if (record.timestamp() >= since.toEpochMilli()) {
                keys.add(byDelivery ? record.key() + "/" + header(record, WebhookHeaders.DELIVERY_ID) : record.key());
            }
        }
        return keys;
    }

    static String deliveryId(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
