package io.hibobsync.enrich.kafka;

import io.hibobsync.contracts.Topics;
import io.hibobsync.enrich.hibob.HibobAuthException;
import io.hibobsync.enrich.sync.BatchEnricher;
import io.hibobsync.enrich.sync.EnrichMetrics;
import io.hibobsync.enrich.sync.EnrichMetrics.Outcome;
import io.hibobsync.enrich.sync.EnrichedBatch;
import io.hibobsync.enrich.sync.EnrichedBatch.PlannedSnapshot;
import io.hibobsync.enrich.sync.ReceivedWebhook;
import io.hibobsync.enrich.sync.ReceivedWebhook.Action;
import io.hibobsync.kafka.CredentialsIncident;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code hibob-webhooks} a poll at a time (group {@code enrich-service}): enriches the batch, publishing
 * its snapshots as they become final, and when something failed throws {@link BatchListenerFailedException} naming
 * the first record not handled. The error handler then commits the records before it, and retries, dead-letters or
 * pauses from that record on, so one employee's webhooks are never applied out of order.
 */
@Component
class WebhookBatchListener {

    static final String ID = "enrich-webhooks";
    private static final Logger log = LoggerFactory.getLogger(WebhookBatchListener.class);

    private final BatchEnricher enricher;
    private final SnapshotPublisher publisher;
    private final CredentialsIncident credentials;
    private final EnrichMetrics metrics;

    WebhookBatchListener(BatchEnricher enricher, SnapshotPublisher publisher, CredentialsIncident credentials,
            EnrichMetrics metrics) {
        this.enricher = enricher;
        this.publisher = publisher;
        this.credentials = credentials;
        this.metrics = metrics;
    }

    // The group is named: without it spring-kafka would take the listener's id for the group.
    @KafkaListener(id = ID, groupId = "${spring.kafka.consumer.group-id}", topics = Topics.HIBOB_WEBHOOKS,
            batch = "true")
    void onWebhooks(List<ConsumerRecord<String, byte[]>> records) {
        EnrichedBatch batch;
        try {
            batch = enricher.enrich(records, publisher::publish);
        } catch (RuntimeException unexpected) {
            throw new BatchListenerFailedException("Could not enrich " + records.size() + " webhook(s): "
                    + unexpected.getMessage(), unexpected, records.get(0));
        }
        if (batch.searched()) {
            credentials.accepted();
        }
        RuntimeException cause = batch.failure() == null ? null : batch.failure().cause();
        if (cause instanceof HibobAuthException refusal) {
            credentials.refused(refusal.status(), refusal.getMessage());
        }
        int failedAt = batch.failedAt();
        count(batch, failedAt);
        log.debug("Enriched {} of {} webhook(s) into {} snapshot(s)", failedAt, records.size(),
                batch.snapshots().size());
        if (failedAt < records.size()) {
            throw new BatchListenerFailedException(cause.getMessage(), cause, records.get(failedAt));
        }
    }

    private void count(EnrichedBatch batch, int failedAt) {
        Map<Integer, Outcome> outcomes = new HashMap<>();
        for (PlannedSnapshot snapshot : batch.snapshots()) {
            Outcome outcome = snapshot.snapshot().deleted() ? Outcome.DELETED : Outcome.ENRICHED;
            snapshot.covers().forEach(webhook -> outcomes.put(webhook.index(), outcome));
        }
        for (ReceivedWebhook webhook : batch.webhooks()) {
            if (webhook.index() >= failedAt) {
                break;
            }
            Outcome outcome = webhook.action() == Action.SKIP ? Outcome.SKIPPED : outcomes.get(webhook.index());
            if (outcome != null) {
                metrics.consumed(webhook.type(), outcome);
            }
        }
    }
}
