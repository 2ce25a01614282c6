package io.hibobsync.notifier.kafka;

import io.hibobsync.notifier.NotifierProperties;
import io.hibobsync.notifier.mail.Failure;
import io.hibobsync.notifier.mail.Mailer;
import io.hibobsync.notifier.mail.NotifierMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

/**
 * Reads every dead-letter topic ({@code *-dlt}, group {@code NOTIFIER_GROUP_ID}) a poll at a time, and mails the
 * failures of a digest window as one mail (a digest when there are several).
 * <ul>
 *   <li>The first poll opens the window of {@code NOTIFIER_DIGEST_WINDOW} and is nacked: the container pauses the
 *       partitions for the window (still polling, so the consumer stays in its group), then delivers again from the
 *       same offsets, with what arrived meanwhile.</li>
 *   <li>A poll need not return all that has arrived (partitions come in separate fetches, and what was fetched just
 *       before the pause comes first), so once the window is over the polls are gathered, unacknowledged, until
 *       every partition sought back has been delivered again (its records are there, so it will be), or
 *       {@code NOTIFIER_MAX_PENDING} failures (also each poll's {@code max.poll.records}). Then they go out as one
 *       mail, usually after one or two polls.</li>
 *   <li>At least once: the polls are acknowledged, their offsets committed, only once the SMTP server accepted the
 *       mail. When it did not, what was gathered is read again from its first records, after the back-off of the
 *       container's error handler ({@link NotifierKafkaConfiguration}), together with what arrived meanwhile.</li>
 * </ul>
 */
@Component
class DeadLetterListener implements ConsumerSeekAware {

    static final String ID = "notifier-dead-letters";

    private final DeadLetterReader reader;
    private final Mailer mailer;
    private final Duration window;
    private final int maxPending;
    // Failures read and not mailed yet (also while SMTP is down), for the gauge; the rest is the consumer thread's.
    private final AtomicInteger pending = new AtomicInteger();
    private final List<ConsumerRecord<String, byte[]>> gathered = new ArrayList<>();
    private final List<Acknowledgment> acknowledgments = new ArrayList<>();
    // Partitions sought back (nacked, or given back after a failed mail) and not delivered again yet.
    private final Set<TopicPartition> soughtBack = new HashSet<>();
    private Instant windowOpened;
    private ConsumerSeekCallback seeks;

    DeadLetterListener(DeadLetterReader reader, Mailer mailer, NotifierProperties properties,
            NotifierMetrics metrics) {
        this.reader = reader;
        this.mailer = mailer;
        this.window = properties.digestWindow();
        this.maxPending = properties.maxPending();
        metrics.pending(pending::get);
    }

    @KafkaListener(id = ID, topicPattern = ".*-dlt", groupId = "${notifier.group-id}", batch = "true",
            properties = "max.poll.records=${notifier.max-pending}")
    void onDeadLetters(List<ConsumerRecord<String, byte[]>> records, Acknowledgment acknowledgment) {
        Instant now = Instant.now();
        if (windowOpened == null) {
            windowOpened = now;
        }
        Instant windowCloses = windowOpened.plus(window);
        if (gathered.isEmpty() && now.isBefore(windowCloses)) {
            pending.set(records.size());
            records.forEach(record -> soughtBack.add(partition(record)));
            acknowledgment.nack(0, Duration.between(now, windowCloses));
            return;
        }
        gathered.addAll(records);
        acknowledgments.add(acknowledgment);
        pending.set(gathered.size());
        records.forEach(record -> soughtBack.remove(partition(record)));
        if (!soughtBack.isEmpty() && gathered.size() < maxPending) {
            return;
        }
        List<Failure> failures = gathered.stream().map(reader::read).toList();
        try {
            mailer.failures(failures);
        } catch (RuntimeException e) {
            giveBack(List.of());
            // No record of the poll is committed (none is before the first); the error handler backs off.
            throw new BatchListenerFailedException("The mail of " + failures.size() + " failure(s) was not sent", e,
                    records.get(0));
        }
        acknowledgments.forEach(Acknowledgment::acknowledge);
        forget();
        // Any not delivered again yet (past NOTIFIER_MAX_PENDING) open the next window.
        soughtBack.clear();
        pending.set(0);
        windowOpened = null;
    }

    @Override
    public void registerSeekCallback(ConsumerSeekCallback callback) {
        this.seeks = callback;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        giveBack(partitions);
        soughtBack.removeAll(partitions);
        pending.set(0);
    }

    /**
     * Lets go of what was gathered: the partitions that stay this consumer's ({@code revoked} aside) are read again
     * from the first record gathered. The seeks are queued, so they come after the error handler's own, which only
     * know the last poll.
     */
    private void giveBack(Collection<TopicPartition> revoked) {
        Map<TopicPartition, Long> first = new HashMap<>();
        gathered.forEach(record -> first.merge(partition(record), record.offset(), Math::min));
        first.forEach((partition, offset) -> {
            if (!revoked.contains(partition)) {
                seeks.seek(partition.topic(), partition.partition(), offset);
                soughtBack.add(partition);
            }
        });
        forget();
    }

    private static TopicPartition partition(ConsumerRecord<?, ?> record) {
        return new TopicPartition(record.topic(), record.partition());
    }

    private void forget() {
        gathered.clear();
        acknowledgments.clear();
    }
}
