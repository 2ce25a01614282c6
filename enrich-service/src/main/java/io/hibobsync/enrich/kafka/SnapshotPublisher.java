package io.hibobsync.enrich.kafka;

import io.hibobsync.contracts.EmployeeSnapshot;
import io.hibobsync.contracts.Topics;
import io.hibobsync.enrich.sync.BatchEnricher.Unpublished;
import io.hibobsync.enrich.sync.EnrichMetrics;
import io.hibobsync.enrich.sync.EnrichedBatch.PlannedSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Publishes snapshots on {@code hibob-employees}, keyed by employee id (JSON, no type headers; {@code acks=all},
 * idempotent producer), and waits for the broker's acknowledgement: a webhook is committed only once its
 * snapshot is safely stored.
 */
@Component
class SnapshotPublisher {

    private static final Logger log = LoggerFactory.getLogger(SnapshotPublisher.class);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaTemplate<String, Object> kafka;
    private final EnrichMetrics metrics;

    SnapshotPublisher(KafkaTemplate<String, Object> kafka, EnrichMetrics metrics) {
        this.kafka = kafka;
        this.metrics = metrics;
    }

    /** Sends every snapshot, all at once, then waits; returns the ones Kafka did not acknowledge. */
    Unpublished publish(List<PlannedSnapshot> snapshots) {
        long deadline = System.nanoTime() + ACK_TIMEOUT.toNanos();
        List<CompletableFuture<SendResult<String, Object>>> sent = new ArrayList<>();
        List<PlannedSnapshot> failed = new ArrayList<>();
        RuntimeException firstError = null;
        for (PlannedSnapshot planned : snapshots) {
            EmployeeSnapshot snapshot = planned.snapshot();
            try {
                sent.add(kafka.send(Topics.HIBOB_EMPLOYEES, snapshot.employeeId(), snapshot));
            } catch (RuntimeException e) {
                sent.add(CompletableFuture.failedFuture(e));
            }
        }
        for (int i = 0; i < snapshots.size(); i++) {
            try {
                sent.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                metrics.published(snapshots.get(i).snapshot().deleted());
                logPublished(snapshots.get(i).snapshot());
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                failed.add(snapshots.get(i));
                if (firstError == null) {
                    firstError = new SnapshotNotPublishedException(snapshots.get(i).snapshot().employeeId(),
                            e instanceof ExecutionException ? e.getCause() : e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed.add(snapshots.get(i));
                if (firstError == null) {
                    firstError = new SnapshotNotPublishedException(snapshots.get(i).snapshot().employeeId(), e);
                }
            }
        }
        return new Unpublished(failed, firstError);
    }

    private static void logPublished(EmployeeSnapshot snapshot) {
        try (var employee = MDC.putCloseable("employeeId", snapshot.employeeId());
             var delivery = MDC.putCloseable("deliveryId", snapshot.deliveryId())) {
            log.info("Published the {} of employee {} ({}, delivery {})", snapshot.deleted() ? "deletion" : "snapshot",
                    snapshot.employeeId(), snapshot.event(), snapshot.deliveryId());
        }
    }

    /** Kafka did not acknowledge a snapshot in time: transient, the webhooks behind it are read again. */
    static class SnapshotNotPublishedException extends RuntimeException {
        SnapshotNotPublishedException(String employeeId, Throwable cause) {
            super("Kafka did not acknowledge the snapshot of employee " + employeeId + " on " + Topics.HIBOB_EMPLOYEES
                    + ": " + (cause == null ? "unknown error" : cause.getMessage()), cause);
        }
    }
}
