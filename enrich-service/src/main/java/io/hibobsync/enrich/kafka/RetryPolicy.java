package io.hibobsync.enrich.kafka;

import io.hibobsync.contracts.Topics;
import io.hibobsync.contracts.WebhookHeaders;
import io.hibobsync.enrich.hibob.DeletionNotConfirmedException;
import io.hibobsync.enrich.hibob.DeletionNotConfirmedYetException;
import io.hibobsync.enrich.hibob.EmployeeNotFoundException;
import io.hibobsync.enrich.hibob.HibobAuthException;
import io.hibobsync.enrich.hibob.HibobException;
import io.hibobsync.enrich.hibob.HibobRateLimitedException;
import io.hibobsync.enrich.hibob.HibobRejectedException;
import io.hibobsync.enrich.hibob.WebhookEnvelope.InvalidWebhookException;
import io.hibobsync.enrich.kafka.EnrichMetrics.Outcome;
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
 * {@code BatchListenerFailedException}, and it forgets a record's back-off whenever a batch in between succeeds
 * (one without the failed record, e.g. from another partition). So this policy reads the actual cause of each
 * failure, which the error handler hands to its retry listeners just before asking for the next wait, and keeps
 * the transient budget itself, per partition and offset. The waits pause the listener container (no thread
 * sleeps, no {@code max.poll.interval.ms} breach).
 */
class RetryPolicy implements BackOff, RetryListener {

    private static final Logger log = LoggerFactory.getLogger(RetryPolicy.class);

    private final RetryProperties retry;
    private final Duration authRetryInterval;
    private final EnrichMetrics metrics;
    // The error handler runs on the consumer thread that failed; each thread has its own current failure.
    private final ThreadLocal<Failed> failure = new ThreadLocal<>();
    // The transient budget of the record failing on each partition (one at a time: retries happen in place).
    private final Map<TopicPartition, Budget> budgets = new ConcurrentHashMap<>();

    RetryPolicy(RetryProperties retry, Duration authRetryInterval, EnrichMetrics metrics) {
        this.retry = retry;
        this.authRetryInterval = authRetryInterval;
        this.metrics = metrics;
    }

    enum Kind {
        PERMANENT, CREDENTIALS, RATE_LIMITED, TRANSIENT
    }

    @Override
    public BackOffExecution start() {
        return new Execution();
    }

    @Override
    public void failedDelivery(ConsumerRecord<?, ?> record, Exception exception, int deliveryAttempt) {
        failure.set(new Failed(record, exception));
    }

    @Override
    public void recovered(ConsumerRecord<?, ?> record, Exception exception) {
        failure.remove();
        budgets.computeIfPresent(new TopicPartition(record.topic(), record.partition()),
                (partition, budget) -> budget.offset == record.offset() ? null : budget);
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

    static Kind kind(Throwable cause) {
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

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The next wait for whatever failed last on this thread; the state lives in the policy. */
    private final class Execution implements BackOffExecution {

        @Override
        public long nextBackOff() {
            Failed current = failure.get();
            Throwable cause = current == null ? null : cause(current.exception());
            return switch (cause == null ? Kind.TRANSIENT : kind(cause)) {
                case PERMANENT -> STOP;
                case CREDENTIALS -> authRetryInterval.toMillis();
                case RATE_LIMITED -> {
                    long wait = ((HibobRateLimitedException) cause).retryAfter().toMillis();
                    log.warn("{}; trying again in {} ms", cause.getMessage(), wait);
                    yield wait;
                }
                case TRANSIENT -> current == null ? retry.initialInterval().toMillis() : transientWait(current, cause);
            };
        }

        private long transientWait(Failed current, Throwable cause) {
            ConsumerRecord<?, ?> record = current.record();
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            Budget budget = budgets.compute(partition, (key, known) -> known != null && known.offset == record.offset()
                    ? known : new Budget(record.offset(), retry.initialInterval().toMillis()));
            if (cause instanceof DeletionNotConfirmedYetException pending) {
                return deletionWait(budget, pending);
            }
            if (budget.waited >= retry.maxElapsed().toMillis()) {
                budgets.remove(partition, budget);
                return STOP;
            }
            long wait = Math.min(budget.next, retry.maxInterval().toMillis());
            budget.next = Math.min(retry.maxInterval().toMillis(), (long) (budget.next * retry.multiplier()));
            budget.waited += wait;
            log.warn("{}; trying again in {} ms (waited {} of {} in all before giving up)", cause.getMessage(), wait,
                    human(Duration.ofMillis(budget.waited)), human(retry.maxElapsed()));
            return wait;
        }

        // Growing like any transient wait, but the deletion grace decides when to give up: the last try comes
        // when it ends, and then the webhook is dead-lettered as an unconfirmed deletion.
        private long deletionWait(Budget budget, DeletionNotConfirmedYetException pending) {
            long wait = Math.max(1, Math.min(Math.min(budget.next, retry.maxInterval().toMillis()),
                    pending.graceLeft().toMillis()));
            budget.next = Math.min(retry.maxInterval().toMillis(), (long) (budget.next * retry.multiplier()));
            log.warn("{}; trying again in {} ms", pending.getMessage(), wait);
            return wait;
        }
    }

    private record Failed(ConsumerRecord<?, ?> record, Exception exception) {
    }

    /**
     * Transient waits spent on one record; 429s, 401s and unconfirmed deletions (bounded by their grace) do not use
     * it up. One consumer thread at a time.
     */
    private static final class Budget {
        private final long offset;
        private long next;
        private long waited;

        Budget(long offset, long first) {
            this.offset = offset;
            this.next = first;
        }
    }
}
