package io.hibobsync.enrich.kafka;

import io.hibobsync.contracts.Topics;
import io.hibobsync.contracts.WebhookEnvelope.InvalidWebhookException;
import io.hibobsync.contracts.WebhookHeaders;
import io.hibobsync.enrich.hibob.DeletionNotConfirmedException;
import io.hibobsync.enrich.hibob.DeletionNotConfirmedYetException;
import io.hibobsync.enrich.hibob.EmployeeNotFoundException;
import io.hibobsync.enrich.hibob.HibobAuthException;
import io.hibobsync.enrich.hibob.HibobException;
import io.hibobsync.enrich.hibob.HibobRateLimitedException;
import io.hibobsync.enrich.hibob.HibobRejectedException;
import io.hibobsync.enrich.sync.EnrichMetrics;
import io.hibobsync.enrich.sync.EnrichMetrics.Outcome;
import io.hibobsync.enrich.sync.ReceivedWebhook;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * How long the error handler waits before delivering a failed webhook (or {@code FULL_SYNC} command) again, decided
 * by what failed:
 * <ul>
 *   <li>invalid webhook, HiBob 400, employee not found after the grace period, a deletion HiBob still does not
 *       confirm after {@code HIBOB_DELETION_GRACE}: no wait, straight to the DLT;</li>
 *   <li>HiBob 429: the time HiBob asked for, as often as it takes (never dead-lettered for it);</li>
 *   <li>HiBob 401/403: {@code HIBOB_AUTH_RETRY_INTERVAL}, as often as it takes (never dead-lettered for it);</li>
 *   <li>a deletion HiBob does not confirm yet: exponential back-off, each wait at most what is left of
 *       {@code HIBOB_DELETION_GRACE}; the grace ends it (then the DLT), not the transient budget;</li>
 *   <li>anything else (HiBob 5xx or unreachable, employee not visible yet, Kafka): exponential back-off
 *       ({@link RetryProperties}), then the DLT.</li>
 * </ul>
 * Why not spring-kafka's per-exception back-offs: in a batch listener the error handler only ever sees
 * {@code BatchListenerFailedException}, so it keeps the first back-off it chose for a record however the cause
 * changes (a 503, then a 429), and it forgets a record's back-off whenever a batch in between succeeds (one without
 * the failed record, e.g. from another partition). So each record gets its own back-off from
 * {@link #backOff(ConsumerRecord, Exception)} (the error handler's back-off function), which asks this policy for the
 * wait of exactly that record; the policy keeps, per partition and offset, the cause the error handler last reported
 * for it ({@link #failedDelivery}, just before it asks for the next wait) and the transient budget it has used. The
 * waits pause the listener container (no thread sleeps, no {@code max.poll.interval.ms} breach).
 */
public class RetryPolicy implements RetryListener {

    private static final Logger log = LoggerFactory.getLogger(RetryPolicy.class);

    private final RetryProperties retry;
    private final Duration authRetryInterval;
    private final EnrichMetrics metrics;
    // The record failing on each partition (one at a time: retries happen in place), with what failed last.
    private final Map<TopicPartition, Failing> failing = new ConcurrentHashMap<>();

    RetryPolicy(RetryProperties retry, Duration authRetryInterval, EnrichMetrics metrics) {
        this.retry = retry;
        this.authRetryInterval = authRetryInterval;
        this.metrics = metrics;
    }

    public enum Kind {
        PERMANENT, CREDENTIALS, RATE_LIMITED, TRANSIENT
    }

    /** The back-off of {@code record}, which has just failed with {@code exception}: each wait by its latest cause. */
    BackOff backOff(ConsumerRecord<?, ?> record, Exception exception) {
        failing(record).failure = exception;
        return () -> () -> nextWait(record);
    }

    @Override
    public void failedDelivery(ConsumerRecord<?, ?> record, Exception exception, int deliveryAttempt) {
        failing(record).failure = exception;
    }

    @Override
    public void recovered(ConsumerRecord<?, ?> record, Exception exception) {
        failing.computeIfPresent(new TopicPartition(record.topic(), record.partition()),
                (partition, known) -> known.offset == record.offset() ? null : known);
        log.error("{} sent to {}: {}", ReceivedWebhook.coordinates(record),
                Topics.deadLetterTopicOf(record.topic()), cause(exception).getMessage());
        if (Topics.SYNC_COMMANDS.equals(record.topic())) {
            metrics.fullSync(SyncCommandListener.plan(record.value()), "dead_lettered");
        } else {
            metrics.consumed(header(record, WebhookHeaders.EVENT_TYPE), Outcome.DEAD_LETTERED);
        }
    }

    @Override
    public void recoveryFailed(ConsumerRecord<?, ?> record, Exception original, Exception failure) {
        log.error("{} could not be sent to {} ({}); it stays on {} and is tried again",
                ReceivedWebhook.coordinates(record), Topics.deadLetterTopicOf(record.topic()), failure.getMessage(),
                record.topic());
    }

    /** What the failure is about: the first HiBob or webhook exception in the cause chain, else the root cause. */
    static Throwable cause(Throwable exception) {
        Throwable current = exception;
        Throwable deepest = exception;
        while (current != null) {
            if (current instanceof HibobException || current instanceof InvalidWebhookException) {
                return current;
            }
            deepest = current;
            current = current.getCause() == current ? null : current.getCause();
        }
        return deepest == null ? new IllegalStateException("unknown failure") : deepest;
    }

    public static Kind kind(Throwable cause) {
        if (cause instanceof InvalidWebhookException || cause instanceof HibobRejectedException
                || cause instanceof EmployeeNotFoundException || cause instanceof DeletionNotConfirmedException) {
            return Kind.PERMANENT;
        }
        if (cause instanceof HibobAuthException) {
            return Kind.CREDENTIALS;
        }
        if (cause instanceof HibobRateLimitedException) {
            return Kind.RATE_LIMITED;
        }
        return Kind.TRANSIENT;
    }

    static String human(Duration duration) {
        return duration.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    private Failing failing(ConsumerRecord<?, ?> record) {
        return failing.compute(new TopicPartition(record.topic(), record.partition()),
                (partition, known) -> known != null && known.offset == record.offset() ? known
                        : new Failing(record.offset(), retry.initialInterval().toMillis()));
    }

    /** The next wait of {@code record}, by what failed last for it. */
    private long nextWait(ConsumerRecord<?, ?> record) {
        Failing current = failing(record);
        Throwable cause = cause(current.failure);
        return switch (kind(cause)) {
            case PERMANENT -> BackOffExecution.STOP;
            case CREDENTIALS -> authRetryInterval.toMillis();
            case RATE_LIMITED -> {
                long wait = ((HibobRateLimitedException) cause).retryAfter().toMillis();
                log.warn("{}; trying again in {} ms", cause.getMessage(), wait);
                yield wait;
            }
            case TRANSIENT -> cause instanceof DeletionNotConfirmedYetException pending
                    ? deletionWait(current, pending) : transientWait(record, current, cause);
        };
    }

    private long transientWait(ConsumerRecord<?, ?> record, Failing current, Throwable cause) {
        if (current.waited >= retry.maxElapsed().toMillis()) {
            // Should the dead-lettering fail, the record starts a new budget.
            failing.remove(new TopicPartition(record.topic(), record.partition()), current);
            return BackOffExecution.STOP;
        }
        long wait = Math.min(current.next, retry.maxInterval().toMillis());
        current.next = Math.min(retry.maxInterval().toMillis(), (long) (current.next * retry.multiplier()));
        current.waited += wait;
        log.warn("{}; trying again in {} ms (waited {} of {} in all before giving up)", cause.getMessage(), wait,
                human(Duration.ofMillis(current.waited)), human(retry.maxElapsed()));
        return wait;
    }

    // Growing like any transient wait, but the deletion grace decides when to give up: the last try comes
    // when it ends, and then the webhook is dead-lettered as an unconfirmed deletion.
    private long deletionWait(Failing current, DeletionNotConfirmedYetException pending) {
        long wait = Math.max(1, Math.min(Math.min(current.next, retry.maxInterval().toMillis()),
                pending.graceLeft().toMillis()));
        current.next = Math.min(retry.maxInterval().toMillis(), (long) (current.next * retry.multiplier()));
        log.warn("{}; trying again in {} ms", pending.getMessage(), wait);
        return wait;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * The record failing on a partition: what failed last, and the transient waits it has used; 429s, 401s and
     * unconfirmed deletions (bounded by their grace) do not use them up. One consumer thread at a time.
     */
    private static final class Failing {
        private final long offset;
        private Exception failure;
        private long next;
        private long waited;

        Failing(long offset, long first) {
            this.offset = offset;
            this.next = first;
        }
    }
}
