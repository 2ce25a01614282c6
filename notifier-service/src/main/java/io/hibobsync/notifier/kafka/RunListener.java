package io.hibobsync.notifier.kafka;

import io.hibobsync.contracts.PlanEntry;
import io.hibobsync.contracts.RunProgress;
import io.hibobsync.contracts.Topics;
import io.hibobsync.notifier.NotifierProperties;
import io.hibobsync.notifier.mail.KafkaPosition;
import io.hibobsync.notifier.mail.MailComposer;
import io.hibobsync.notifier.mail.MailContent;
import io.hibobsync.notifier.mail.Mailer;
import io.hibobsync.notifier.mail.NotifierMetrics;
import io.hibobsync.notifier.mail.Reconciliation;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Mails what a nightly reconciliation corrected, read from {@code sync-plans} (group {@code NOTIFIER_GROUP_ID-runs}):
 * once per run, when every partition has reported ({@link RunProgress}), and only when it found users out of step
 * (any action but {@code UNCHANGED}, {@code OUT_OF_SCOPE}, {@code IN_DOCEBO_ONLY}). A reconciliation is a full sync
 * whose run id starts with {@value #RECONCILIATION_PREFIX}, scheduled by enrich-service; a run from the command line
 * (a UUID) and a plan (a dry run) are not mailed: the command line showed them.
 * <p>
 * <b>Mailed once, also across restarts.</b> As {@link AlertListener} does: on assignment the partition is read from
 * its beginning, and the records before the committed offset only rebuild the runs (their entries, and which runs were
 * decided already: mailed or found in step), without mail; from the committed offset on, a run that completes is
 * decided and, when it drifted, mailed. The offset of the record that completes a run is committed only once the SMTP
 * server took its mail ({@link Mailer}; until then the run stays open, and the container delivers the record again
 * after a back-off), and no later record of the partition before it. So a run decided before a
 * restart is not mailed again, and one not mailed yet is mailed after it, with the examples read before it. Nothing
 * else needs remembering, and a rebalance is no different. Records of other runs are skipped by their key, unread.
 * <p>
 * A new consumer group starts at the end of the topic (and rebuilds what is before it), so the first start does not
 * mail the reconciliations of the past month.
 */
@Component
class RunListener implements ConsumerSeekAware {

    static final String ID = "notifier-runs";
    static final String RECONCILIATION_PREFIX = "reconcile-";
    /** Records needing no mail are committed together: at the end of each poll, or after this many. */
    static final int COMMIT_EVERY = 500;
    private static final Logger log = LoggerFactory.getLogger(RunListener.class);

    private final Mailer mailer;
    private final MailComposer composer;
    private final JsonMapper json;
    // Fields a newer writer may add are no reason to skip a record.
    private final ObjectReader entries;
    private final ObjectReader reports;
    private final NotifierMetrics metrics;
    private final Runs runs;
    private final ReadAgainFromStart readAgain = new ReadAgainFromStart();
    // Per partition, how many records that need no mail were read since its last commit.
    private final Map<TopicPartition, Integer> deferred = new HashMap<>();

    RunListener(Mailer mailer, MailComposer composer, JsonMapper json, NotifierMetrics metrics,
            NotifierProperties properties) {
        this.mailer = mailer;
        this.composer = composer;
        this.json = json;
        this.entries = json.readerFor(PlanEntry.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.reports = json.readerFor(RunProgress.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.metrics = metrics;
        this.runs = new Runs(properties.reconciliationMaxExamples());
    }

    @KafkaListener(id = ID, topics = Topics.SYNC_PLANS, groupId = "${notifier.group-id}-runs",
            properties = "auto.offset.reset=latest")
    void onRecord(ConsumerRecord<String, byte[]> record, Acknowledgment acknowledgment, Consumer<?, ?> consumer) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        boolean handled = readAgain.handledBefore(record);
        Reconciliation complete = read(record, partition);
        if (handled) {
            if (complete != null) {
                log.debug("Reconciliation {} was decided before this consumer started; not mailed again",
                        complete.runId());
                runs.decided(complete.runId());
            }
            return;
        }
        if (complete == null) {
            defer(acknowledgment, record, partition, consumer);
            return;
        }
        int drifted = complete.drifted();
        if (drifted == 0) {
            log.info("Reconciliation {} is complete ({} employees, {} partitions): everything matched HiBob; no mail",
                    complete.runId(), complete.total(), complete.partitions());
            metrics.reconciliation("in-step");
            runs.decided(complete.runId());
            defer(acknowledgment, record, partition, consumer);
            return;
        }
        log.info("Reconciliation {} is complete: {} users were out of step; mailing it", complete.runId(), drifted);
        mailer.send("reconciliation", mail(complete));
        metrics.reconciliation("drifted");
        runs.decided(complete.runId());
        // Commits the records of the partition before it too.
        acknowledgment.acknowledge();
        deferred.remove(partition);
    }

    /** The run is decided once complete: should its mail fail to compose, a plainer one goes out, never none. */
    private MailContent mail(Reconciliation complete) {
        try {
            return composer.reconciliation(complete);
        } catch (RuntimeException e) {
            log.error("Could not compose the mail of reconciliation {}; sending the counts alone", complete.runId(), e);
            return new MailContent("[hibob-docebo-sync] Nightly reconciliation found " + complete.drifted()
                    + " users out of step", "The nightly reconciliation " + complete.runId() + " found "
                    + complete.drifted() + " users out of step. By action: " + complete.counts() + ".\nKafka: "
                    + complete.position() + ".\n");
        }
    }

    /**
     * Updates the runs with the record; returns the reconciliation it completes, if it does. Records of other runs
     * (the key says, and so does the value) and plans are skipped; one that is neither entry nor report is logged.
     */
    private Reconciliation read(ConsumerRecord<String, byte[]> record, TopicPartition partition) {
        if (record.key() != null && !isReconciliation(record.key())) {
            return null;
        }
        try {
            JsonNode node = record.value() == null ? null : json.readTree(record.value());
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            if (node.has("action")) {
                PlanEntry entry = entries.readValue(node);
                if (isReconciliation(entry.runId()) && !entry.plan()) {
                    runs.entry(entry, partition);
                }
                return null;
            }
            if (node.has("partitions")) {
                RunProgress report = reports.readValue(node);
                if (!isReconciliation(report.runId()) || report.plan()) {
                    return null;
                }
                if (report.partitions() < 1 || report.partition() < 0 || report.partition() >= report.partitions()) {
                    throw new IllegalArgumentException("partition " + report.partition() + " of "
                            + report.partitions());
                }
                return runs.progress(report, partition,
                        new KafkaPosition(record.topic(), record.partition(), record.offset()),
                        record.timestamp() < 0 ? null : Instant.ofEpochMilli(record.timestamp()));
            }
            throw new IllegalArgumentException("neither an action nor partitions");
        } catch (RuntimeException e) {
            log.warn("The record at {}/{}@{} is neither a PlanEntry nor a RunProgress ({}); skipped", record.topic(),
                    record.partition(), record.offset(), e.getMessage());
            return null;
        }
    }

    static boolean isReconciliation(String runId) {
        return runId != null && runId.startsWith(RECONCILIATION_PREFIX);
    }

    /**
     * A record that needs no mail: committed with the others of its poll rather than one commit each (a run is one
     * record per employee). Left uncommitted a while, it is only read again after a restart, and decided the same.
     */
    private void defer(Acknowledgment acknowledgment, ConsumerRecord<String, byte[]> record, TopicPartition partition,
            Consumer<?, ?> consumer) {
        int count = deferred.merge(partition, 1, Integer::sum);
        if (count >= COMMIT_EVERY || lastOfItsPoll(record, partition, consumer)) {
            // Commits the ones before it too.
            acknowledgment.acknowledge();
            deferred.remove(partition);
        }
    }

    /** The consumer's position is past the last record a poll returned: this one is the last of it. */
    private static boolean lastOfItsPoll(ConsumerRecord<?, ?> record, TopicPartition partition,
            Consumer<?, ?> consumer) {
        try {
            return consumer == null || consumer.position(partition) <= record.offset() + 1;
        } catch (RuntimeException cannotTell) {
            return true;
        }
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        readAgain.assigned(assignments, callback);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        readAgain.revoked(partitions);
        // Not committed: the new owner reads them again and decides the same.
        partitions.forEach(deferred::remove);
        runs.forget(partitions);
    }
}
