package io.hibobsync.notifier.digest;

import io.hibobsync.notifier.NotifierProperties;
import io.hibobsync.notifier.digest.Commits.Entry;
import io.hibobsync.notifier.mail.Failure;
import io.hibobsync.notifier.mail.MailComposer;
import io.hibobsync.notifier.mail.MailContent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.mail.MailSender;
import org.springframework.mail.SimpleMailMessage;

/**
 * Holds what is to be mailed until it is sent, and only then lets Kafka commit the records behind it.
 * <ul>
 *   <li>Failures are collected for {@code NOTIFIER_DIGEST_WINDOW} from the first one, then go out together as one
 *       mail (a digest when there are several). Alerts (incidents, and what a nightly reconciliation corrected) go
 *       out at once, each on its own.</li>
 *   <li>At least once: a record's offset is committed (its {@code Acknowledgment}) only after the SMTP server
 *       accepted the mail that covers it, and never past a record still waiting ({@link Commits}). The listeners
 *       only hand records over, so the consumers keep polling (and heartbeating) however long a mail waits.</li>
 *   <li>When the SMTP server refuses or cannot be reached, everything waits and is tried again after a back-off
 *       doubling from {@code NOTIFIER_SMTP_RETRY_INITIAL_INTERVAL} to {@code NOTIFIER_SMTP_RETRY_MAX_INTERVAL}, for as
 *       long as it takes; failures arriving meanwhile join the next mail. Past {@code NOTIFIER_MAX_PENDING} waiting
 *       failures, reading the dead-letter topics pauses until a mail goes out.</li>
 * </ul>
 * Mails are sent by one thread of its own, so at most one SMTP conversation at a time.
 */
public class Outbox implements SmartLifecycle {

    /** Stops and restarts reading the dead-letter topics, when too much waits for SMTP. */
    public interface Intake {
        void pause();

        void resume();
    }

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);

    private final MailSender mailSender;
    private final MailComposer composer;
    private final NotifierProperties properties;
    private final NotifierMetrics metrics;
    private final Intake intake;
    private final Clock clock;
    private final ScheduledThreadPoolExecutor sender;

    // Guarded by this.
    private final Commits commits = new Commits();
    private final List<Held<Failure>> failures = new ArrayList<>();
    private final Deque<Held<Single>> alerts = new ArrayDeque<>();
    private Instant retryAt;
    private Duration backOff;
    private int failedAttempts;
    private ScheduledFuture<?> wakeUp;
    private Instant wakeUpAt;
    private boolean paused;
    private volatile boolean running;
    private volatile boolean stopped;

    public Outbox(MailSender mailSender, MailComposer composer, NotifierProperties properties, NotifierMetrics metrics,
            Intake intake, Clock clock) {
        this.mailSender = mailSender;
        this.composer = composer;
        this.properties = properties;
        this.metrics = metrics;
        this.intake = intake;
        this.clock = clock;
        this.backOff = properties.retryInitialInterval();
        this.sender = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "notifier-mail");
            thread.setDaemon(true);
            return thread;
        });
        sender.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        sender.setRemoveOnCancelPolicy(true);
        metrics.pending(this::pendingFailures);
    }

    /** A dead-lettered record, mailed with the others of its window. */
    public synchronized void failure(Failure failure, RecordRef record) {
        failures.add(new Held<>(failure, commits.track(record), clock.instant()));
        if (!paused && failures.size() >= properties.maxPending()) {
            paused = true;
            log.warn("{} failures wait for their mail (NOTIFIER_MAX_PENDING); reading the dead-letter topics pauses "
                    + "until the SMTP server takes a mail", failures.size());
            intake.pause();
        }
        wakeUpBy(nextDue());
    }

    /** A mail of its own, sent as soon as the SMTP server takes it. */
    public void alert(MailContent mail, RecordRef record) {
        alert(mail, record, "alert");
    }

    /** A mail of its own, sent as soon as the SMTP server takes it; {@code kind} in {@code notifier.mails.sent}. */
    public synchronized void alert(MailContent mail, RecordRef record, String kind) {
        alerts.add(new Held<>(new Single(kind, mail), commits.track(record), clock.instant()));
        wakeUpBy(nextDue());
    }

    /** A record that needs no mail; its offset is committed once every record before it is done. */
    public synchronized void nothingToMail(RecordRef record) {
        commits.done(List.of(commits.track(record)));
    }

    /**
     * The partitions are no longer this consumer's: what they hold is dropped unsent and uncommitted, as their new
     * owner reads it again. (A mail already on its way still goes; its records may then be mailed twice.)
     */
    public synchronized void revoked(Collection<TopicPartition> partitions) {
        Set<TopicPartition> gone = new HashSet<>(partitions);
        commits.forget(gone);
        failures.removeIf(held -> gone.contains(held.entry().partition()));
        alerts.removeIf(held -> gone.contains(held.entry().partition()));
        resumeIfRoom();
    }

    public synchronized int pendingFailures() {
        return failures.size();
    }

    private void pump() {
        synchronized (this) {
            wakeUp = null;
        }
        while (!stopped) {
            Job job;
            synchronized (this) {
                job = nextJob(clock.instant());
                if (job == null) {
                    wakeUpBy(nextDue());
                    return;
                }
            }
            try {
                mailSender.send(job.message(properties));
            } catch (RuntimeException e) {
                retryLater(job, e);
                return;
            }
            synchronized (this) {
                sent(job);
            }
        }
    }

    /** The alerts first, one by one; then every failure waiting, once the first one's window is over. */
    private Job nextJob(Instant now) {
        if (retryAt != null && now.isBefore(retryAt)) {
            return null;
        }
        if (!alerts.isEmpty()) {
            Held<Single> alert = alerts.peekFirst();
            return new Job(alert.item().kind(), alert.item().content(), List.of(alert), List.of());
        }
        if (!failures.isEmpty() && !now.isBefore(windowEnd())) {
            List<Held<Failure>> all = List.copyOf(failures);
            List<Failure> items = all.stream().map(Held::item).toList();
            return new Job(items.size() == 1 ? "failure" : "digest", composer.failures(items), all, items);
        }
        return null;
    }

    private void sent(Job job) {
        List<Entry> entries = new ArrayList<>();
        Set<Held<?>> covered = Collections.newSetFromMap(new IdentityHashMap<>());
        covered.addAll(job.held());
        alerts.removeIf(covered::contains);
        failures.removeIf(covered::contains);
        job.held().forEach(held -> entries.add(held.entry()));
        commits.done(entries);
        if (failedAttempts > 0) {
            log.info("The SMTP server takes mail again after {} failed attempt(s)", failedAttempts);
        }
        retryAt = null;
        failedAttempts = 0;
        backOff = properties.retryInitialInterval();
        metrics.mailSent(job.kind());
        metrics.failuresNotified(job.failures());
        log.info("Mailed {} to {}: {}", job.kind(), String.join(", ", properties.mailTo()), job.content().subject());
        resumeIfRoom();
    }

    private synchronized void retryLater(Job job, RuntimeException failure) {
        failedAttempts++;
        metrics.smtpFailed();
        retryAt = clock.instant().plus(backOff);
        log.warn("The SMTP server did not take the {} mail \"{}\" ({}); nothing is committed, trying again in {} "
                        + "(attempt {} failed)", job.kind(), job.content().subject(), rootMessage(failure),
                human(backOff), failedAttempts);
        Duration doubled = backOff.multipliedBy(2);
        backOff = doubled.compareTo(properties.retryMaxInterval()) > 0 ? properties.retryMaxInterval() : doubled;
        wakeUpBy(nextDue());
    }

    private void resumeIfRoom() {
        if (paused && failures.size() < properties.maxPending()) {
            paused = false;
            intake.resume();
        }
    }

    private Instant windowEnd() {
        return failures.get(0).arrivedAt().plus(properties.digestWindow());
    }

    private Instant nextDue() {
        Instant due = null;
        if (!alerts.isEmpty()) {
            due = clock.instant();
        } else if (!failures.isEmpty()) {
            due = windowEnd();
        }
        if (due != null && retryAt != null && retryAt.isAfter(due)) {
            due = retryAt;
        }
        return due;
    }

    /** Makes sure the sender runs at {@code due} at the latest. */
    private void wakeUpBy(Instant due) {
        if (due == null || stopped) {
            return;
        }
        if (wakeUp != null && !wakeUp.isDone() && !wakeUpAt.isAfter(due)) {
            return;
        }
        if (wakeUp != null) {
            wakeUp.cancel(false);
        }
        long delay = Math.max(0, Duration.between(clock.instant(), due).toMillis());
        try {
            wakeUp = sender.schedule(this::pump, delay, TimeUnit.MILLISECONDS);
            wakeUpAt = due;
        } catch (RejectedExecutionException stopping) {
            // Shutting down: what waits stays uncommitted and is mailed after the restart.
            wakeUp = null;
        }
    }

    @Override
    public void start() {
        running = true;
    }

    /**
     * Runs before the listener containers stop (a higher phase): a mail on its way is finished, so its commit is
     * queued before the consumers make their last commit; what waits stays uncommitted and is mailed after the
     * restart.
     */
    @Override
    public void stop() {
        synchronized (this) {
            stopped = true;
        }
        running = false;
        sender.shutdown();
        try {
            if (!sender.awaitTermination(20, TimeUnit.SECONDS)) {
                log.warn("A mail was still being sent at shutdown; its records will be mailed again after the restart");
                sender.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sender.shutdownNow();
        }
        synchronized (this) {
            if (!failures.isEmpty() || !alerts.isEmpty()) {
                log.info("Stopping with {} failure(s) and {} alert(s) not mailed yet: they are not committed and will "
                        + "be mailed after the restart", failures.size(), alerts.size());
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // The listener containers stop at Integer.MAX_VALUE - 100: later than this.
        return Integer.MAX_VALUE - 50;
    }

    /** The innermost cause, on one line: "ConnectException: Connection refused". */
    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? "" : ": " + cause.getMessage().replaceAll("\\s+", " ").strip();
        return cause.getClass().getSimpleName() + message;
    }

    private static String human(Duration duration) {
        return duration.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    /** Something waiting for its mail, and the record that commits when it is sent. */
    private static final class Held<T> {
        private final T item;
        private final Entry entry;
        private final Instant arrivedAt;

        Held(T item, Entry entry, Instant arrivedAt) {
            this.item = item;
            this.entry = entry;
            this.arrivedAt = arrivedAt;
        }

        T item() {
            return item;
        }

        Entry entry() {
            return entry;
        }

        Instant arrivedAt() {
            return arrivedAt;
        }
    }

    /** A mail that goes out on its own, and what it is counted as. */
    private record Single(String kind, MailContent content) {
    }

    /** One mail and what it covers. */
    private record Job(String kind, MailContent content, List<? extends Held<?>> held, List<Failure> failures) {

        SimpleMailMessage message(NotifierProperties properties) {
            SimpleMailMessage message = new SimpleMailMessage();
            message.setFrom(properties.mailFrom());
            message.setTo(properties.mailTo().toArray(String[]::new));
            message.setSubject(content.subject());
            message.setText(content.body());
            message.setSentDate(new Date());
            return message;
        }
    }
}
