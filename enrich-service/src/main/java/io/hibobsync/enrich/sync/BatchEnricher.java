package io.hibobsync.enrich.sync;

import io.hibobsync.contracts.EmployeeSnapshot;
import io.hibobsync.contracts.WebhookEnvelope.InvalidWebhookException;
import io.hibobsync.enrich.hibob.DeletionNotConfirmedException;
import io.hibobsync.enrich.hibob.DeletionNotConfirmedYetException;
import io.hibobsync.enrich.hibob.EmployeeFields;
import io.hibobsync.enrich.hibob.EmployeeNormalizer;
import io.hibobsync.enrich.hibob.EmployeeNotFoundException;
import io.hibobsync.enrich.hibob.EmployeeNotVisibleYetException;
import io.hibobsync.enrich.hibob.EmployeeSearch;
import io.hibobsync.enrich.hibob.HibobClient;
import io.hibobsync.enrich.hibob.HibobException;
import io.hibobsync.enrich.hibob.HibobProperties;
import io.hibobsync.enrich.hibob.ReadTrigger;
import io.hibobsync.enrich.hibob.SearchBudget;
import io.hibobsync.enrich.hibob.SearchBudgetSpentException;
import io.hibobsync.enrich.sync.EnrichedBatch.Failure;
import io.hibobsync.enrich.sync.EnrichedBatch.PlannedSnapshot;
import io.hibobsync.enrich.sync.ReceivedWebhook.Action;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Turns one poll of {@code hibob-webhooks} into employee snapshots at the cost of a handful of HiBob calls
 * (50 searches a minute is all HiBob allows): the webhooks of one employee are coalesced into one snapshot, and
 * the employees are read together, {@code HIBOB_SEARCH_BATCH_SIZE} ids per search, each search taken from the
 * service's {@link SearchBudget} first.
 * <p>
 * Every employee is read, deletions included: a deletion is destructive, so the webhook alone is not proof enough
 * (an old delivery sent again would delete someone who still works here). Per employee, with their webhooks of
 * the poll in order:
 * <ul>
 *   <li>HiBob returns them: one snapshot of what HiBob says now, covering all their webhooks; except when the last
 *       webhook is {@code employee.deleted}: then the webhooks before it get that snapshot, and the deletion is
 *       <em>unconfirmed</em> ({@link DeletionNotConfirmedYetException}, retried in place, until
 *       {@code HIBOB_DELETION_GRACE} after the webhook's receipt; then {@link DeletionNotConfirmedException},
 *       dead-lettered). A webhook after the last deletion (deleted, then created again) means HiBob's answer wins.</li>
 *   <li>HiBob does not return them and one of the webhooks is {@code employee.deleted}: the deletion is confirmed,
 *       one deletion snapshot read now covers all their webhooks;</li>
 *   <li>HiBob does not return them and none is: not visible yet, or not found, as for any read.</li>
 * </ul>
 * <b>Fresh reads.</b> HiBob says to read the employee when the webhook arrives, so nothing waits by default
 * ({@code HIBOB_READ_DELAY} 0). A read that shows none of the mapped fields a webhook's {@code fieldUpdates} names
 * changed since the last snapshot published for the employee ({@link PublishedMemory}) may be a read that lags
 * behind the change: it is not published but read again after {@code HIBOB_REREAD_BACKOFF} (2 s, 5 s, 15 s), the
 * suspects of a poll together in shared searches; after the last re-read, what HiBob says is published. Meanwhile the
 * rest of the poll does not wait: everything final is published before each back-off, so only the commit of the poll
 * (and this consumer's next poll) waits for the re-reads. The waits of a poll (read delay, back-offs, short waits for
 * the budget) stay within half of {@code max.poll.interval.ms}; a re-read that would not fit is skipped (published as
 * read), a budget wait that would not fit fails the batch with {@link SearchBudgetSpentException} (the container
 * pauses, as for a 429).
 * <p>
 * <b>Retries search only what failed.</b> When the poll fails, the successful reads of the employees whose records
 * come again are kept ({@link RecentReads}) and reused by the retry, instead of searching for them again.
 * <p>
 * Snapshots are published through the {@link Sink} (in stages, as they become final), and remembered once Kafka
 * acknowledged them; the caller commits the records before {@link EnrichedBatch#failedAt()}.
 */
@Component
public class BatchEnricher implements ApplicationListener<ContextClosedEvent> {

    private static final Logger log = LoggerFactory.getLogger(BatchEnricher.class);

    /** Where snapshots go: Kafka, in the service; the answer says which were not acknowledged. */
    @FunctionalInterface
    public interface Sink {
        Unpublished publish(List<PlannedSnapshot> snapshots);
    }

    /** Snapshots the {@link Sink} could not publish (none when all went well), and the first error. */
    public record Unpublished(List<PlannedSnapshot> snapshots, RuntimeException error) {

        int firstIndex(int otherwise) {
            return snapshots.stream().mapToInt(PlannedSnapshot::firstIndex).min().orElse(otherwise);
        }
    }

    /** Takes every snapshot as published (for callers that publish nothing themselves). */
    static final Sink KEEP = snapshots -> new Unpublished(List.of(), null);

    private final EmployeeSearch hibob;
    private final EmployeeFields fields;
    private final EmployeeNormalizer normalizer;
    private final HibobProperties properties;
    private final SearchBudget budget;
    private final EnrichMetrics metrics;
    private final PublishedMemory published;
    private final RecentReads recentReads;
    private final AnsweredSearches answeredSearches = new AnsweredSearches();
    // The waits of one poll stay within this, half of max.poll.interval.ms: the searches and the publishing fit in
    // the other half.
    private final Duration pollWaitLimit;
    private final Clock clock;
    // A shutdown cuts every wait short: the batch is then left uncommitted, for the next start.
    private final CountDownLatch stopping = new CountDownLatch(1);

    @Autowired
    BatchEnricher(HibobClient hibob, HibobProperties properties, SearchBudget budget, EnrichMetrics metrics,
            @Value("${spring.kafka.consumer.properties.max.poll.interval.ms}") long maxPollIntervalMs) {
        this(hibob, properties, budget, metrics, Duration.ofMillis(maxPollIntervalMs), Clock.systemUTC());
    }

    BatchEnricher(EmployeeSearch hibob, HibobProperties properties, SearchBudget budget, EnrichMetrics metrics,
            Duration maxPollInterval, Clock clock) {
        this.hibob = hibob;
        this.fields = EmployeeFields.of(properties);
        this.normalizer = new EmployeeNormalizer(fields);
        this.properties = properties;
        this.budget = budget;
        this.metrics = metrics;
        this.published = new PublishedMemory(fields, properties.rereadMemory());
        this.recentReads = new RecentReads(clock);
        this.pollWaitLimit = maxPollInterval.dividedBy(2);
        this.clock = clock;
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        stopping.countDown();
    }

    /** Enriches the poll, taking every snapshot as published (nothing is sent anywhere). */
    EnrichedBatch enrich(List<ConsumerRecord<String, byte[]>> records) {
        return enrich(records, KEEP);
    }

    public EnrichedBatch enrich(List<ConsumerRecord<String, byte[]>> records, Sink sink) {
        Poll poll = new Poll(records.size(), sink, clock.instant().plus(pollWaitLimit));
        List<ReceivedWebhook> webhooks = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            try {
                webhooks.add(ReceivedWebhook.of(records.get(i), i));
            } catch (InvalidWebhookException e) {
                // The records after it wait for their turn: they come again once this one is dead-lettered.
                poll.fail(new Failure(i, e));
                break;
            }
        }
        Map<String, EmployeeWebhooks> employees = byEmployee(webhooks);
        List<EmployeeWebhooks> toRead = employees.values().stream()
                .sorted(Comparator.comparingInt(EmployeeWebhooks::firstIndex))
                .toList();
        if (!toRead.isEmpty()) {
            Failure interrupted = awaitReadDelay(toRead);
            if (interrupted != null) {
                poll.fail(interrupted);
            } else {
                readUntilFresh(toRead, poll);
            }
        }
        poll.publishReady(toRead);
        poll.checkAllDecided(toRead);
        keepReadsForRedelivery(toRead, poll);
        return new EnrichedBatch(records.size(), webhooks, List.copyOf(poll.published), poll.failure, poll.searched);
    }

    /**
     * Reads every employee, then reads again, after each back-off, those whose read looked stale, publishing what
     * is final before each wait; after the last back-off the read is final whatever it shows.
     */
    private void readUntilFresh(List<EmployeeWebhooks> toRead, Poll poll) {
        List<Suspect> suspects = read(toRead, poll, 0);
        List<Duration> backoff = properties.rereadBackoff();
        for (int round = 1; !suspects.isEmpty(); round++) {
            // The other employees of the poll do not wait for the re-reads.
            poll.publishReady(toRead);
            int failedAt = poll.failedAt();
            // Those after a failure are delivered again anyway, and read then.
            suspects = suspects.stream().filter(suspect -> suspect.employee().firstIndex() < failedAt).toList();
            if (suspects.isEmpty()) {
                return;
            }
            Duration wait = backoff.get(round - 1);
            if (clock.instant().plus(wait).isAfter(poll.deadline)) {
                log.warn("No time left in this poll to read {} again (max.poll.interval.ms); publishing what HiBob "
                        + "said", describe(suspects));
                suspects.forEach(suspect -> {
                    poll.plan(suspect.employee(), suspect.read());
                    metrics.reread(false);
                });
                return;
            }
            log.info("HiBob's answer for {} shows no change of what the webhook said changed; reading again in {} "
                    + "ms (re-read {} of {}, HIBOB_REREAD_BACKOFF)", describe(suspects), wait.toMillis(), round,
                    backoff.size());
            if (!pause(wait)) {
                poll.fail(new Failure(suspects.get(0).employee().firstIndex(), new IllegalStateException(
                        "enrich-service is stopping while waiting to read HiBob again; the webhooks are read after "
                                + "the next start")));
                return;
            }
            suspects = read(suspects.stream().map(Suspect::employee).toList(), poll, round);
        }
    }

    /**
     * One round of reads: reused reads first (round 0 only), then searches of up to {@code HIBOB_SEARCH_BATCH_SIZE}
     * ids, in batch order, each taken from the budget. Returns the employees whose read looks stale and may be read
     * again, in batch order; the others are decided.
     */
    private List<Suspect> read(List<EmployeeWebhooks> employees, Poll poll, int round) {
        boolean mayReadAgain = round < properties.rereadBackoff().size();
        List<Suspect> suspects = new ArrayList<>();
        List<EmployeeWebhooks> toSearch = new ArrayList<>();
        for (EmployeeWebhooks employee : employees) {
            RecentReads.Read reused = round == 0 ? reusable(employee) : null;
            if (reused != null) {
                log.debug("Reusing the read of employee {} made {} for the same webhooks", employee.employeeId(),
                        reused.readAt());
                decide(List.of(employee), List.of(reused.employee()), reused.readAt(), poll, round, mayReadAgain,
                        suspects);
            } else {
                toSearch.add(employee);
            }
        }
        int next = 0;
        while (next < toSearch.size()) {
            // Employees whose first webhook comes after the earliest failure are not worth a call: their
            // webhooks are delivered again anyway. The list is in batch order, so the rest are too.
            int failedAt = poll.failedAt();
            List<EmployeeWebhooks> chunk = new ArrayList<>();
            while (next < toSearch.size() && chunk.size() < properties.searchBatchSize()
                    && toSearch.get(next).firstIndex() < failedAt) {
                chunk.add(toSearch.get(next++));
            }
            if (chunk.isEmpty()) {
                break;
            }
            List<String> ids = chunk.stream().map(EmployeeWebhooks::employeeId).toList();
            Failure waited = takeFromBudget(chunk, ids, poll);
            if (waited != null) {
                poll.fail(waited);
                break;
            }
            List<JsonNode> answer;
            try {
                answer = hibob.search(ids);
                poll.searched = true;
                answeredSearches.answered(clock.instant());
            } catch (HibobException e) {
                poll.fail(new Failure(chunk.get(0).firstIndex(), e));
                break;
            }
            decide(chunk, answer, clock.instant(), poll, round, mayReadAgain, suspects);
        }
        suspects.sort(Comparator.comparingInt(suspect -> suspect.employee().firstIndex()));
        return suspects;
    }

    /**
     * Waits in line for the budget when the wait is short (and fits in the poll); otherwise fails the chunk with
     * {@link SearchBudgetSpentException}, so the container pauses for as long instead of the thread.
     */
    private Failure takeFromBudget(List<EmployeeWebhooks> chunk, List<String> ids, Poll poll) {
        Duration left = Duration.between(clock.instant(), poll.deadline);
        Duration longest = left.isNegative() ? Duration.ZERO
                : left.compareTo(SearchBudget.LONGEST_WAIT_IN_LINE) < 0 ? left : SearchBudget.LONGEST_WAIT_IN_LINE;
        Duration wait;
        try {
            wait = budget.take(longest, ids);
        } catch (SearchBudgetSpentException spent) {
            log.info("{}; this consumer pauses meanwhile", spent.getMessage());
            metrics.budgetSpent();
            return new Failure(chunk.get(0).firstIndex(), spent);
        }
        if (!wait.isZero()) {
            log.debug("Waiting {} ms for the HiBob search budget (HIBOB_SEARCHES_PER_MINUTE={})", wait.toMillis(),
                    budget.perMinute());
            if (!pause(wait)) {
                return new Failure(chunk.get(0).firstIndex(), new IllegalStateException("enrich-service is stopping "
                        + "while waiting for the HiBob search budget; the webhooks are read after the next start"));
            }
        }
        return null;
    }

    /**
     * What HiBob's answer means for each employee of the chunk: a snapshot planned, a failure, or a suspect read
     * (added to {@code suspects}) when it looks stale and there is a re-read left.
     */
    private void decide(List<EmployeeWebhooks> chunk, List<JsonNode> answer, Instant readAt, Poll poll, int round,
            boolean mayReadAgain, List<Suspect> suspects) {
        Map<String, JsonNode> byId = new HashMap<>();
        for (JsonNode employee : answer) {
            String id = EmployeeNormalizer.employeeId(employee);
            if (id != null) {
                byId.put(id, employee);
            }
        }
        for (EmployeeWebhooks employee : chunk) {
            poll.decided.add(employee.employeeId());
            JsonNode found = byId.get(employee.employeeId());
            List<ReceivedWebhook> all = employee.webhooks();
            int lastDeletion = employee.lastDeletion();
            if (found == null && lastDeletion >= 0) {
                // Proof: HiBob was asked and no longer has them.
                poll.plan(employee, new PlannedSnapshot(
                        deletion(employee.employeeId(), all, all.get(lastDeletion), readAt), all));
            } else if (found == null) {
                poll.fail(notFound(employee, readAt));
            } else if (lastDeletion == all.size() - 1) {
                // HiBob still has them: what came before the deletion is answered by the read, the deletion waits.
                List<ReceivedWebhook> before = all.subList(0, lastDeletion);
                if (!before.isEmpty()) {
                    poll.plan(employee, new PlannedSnapshot(normalizer.normalize(found,
                            trigger(employee.employeeId(), before), readAt), before));
                }
                poll.fail(unconfirmed(employee, found, readAt));
            } else {
                // No deletion, or one superseded by a later webhook: HiBob's answer is the truth, unless it lags.
                PlannedSnapshot read = new PlannedSnapshot(normalizer.normalize(found,
                        trigger(employee.employeeId(), all), readAt), all);
                poll.reads.put(employee.employeeId(), new ReadForReuse(found, readAt));
                List<String> unchanged = unchangedNamedFields(employee, read.snapshot());
                if (!unchanged.isEmpty() && mayReadAgain) {
                    suspects.add(new Suspect(employee, read, unchanged));
                    continue;
                }
                if (round > 0) {
                    metrics.reread(unchanged.isEmpty());
                    if (!unchanged.isEmpty()) {
                        log.warn("HiBob still shows no change of {} for employee {} after {} re-read(s); publishing "
                                + "what HiBob says", unchanged, employee.employeeId(), round);
                    }
                }
                poll.plan(employee, read);
            }
        }
    }

    /**
     * The fields a webhook of the employee says changed, when the read shows none of them changed since the last
     * snapshot published; empty when the read answers every webhook (or nothing is known to compare with). Per
     * webhook: only the fields the sync maps and the read holds count (a field the service user may not read proves
     * nothing); a webhook naming none, or already answered by a published snapshot (delivered again), is answered.
     */
    private List<String> unchangedNamedFields(EmployeeWebhooks employee, EmployeeSnapshot read) {
        PublishedMemory.Published last = published.get(employee.employeeId());
        if (last == null) {
            return List.of();
        }
        for (ReceivedWebhook webhook : employee.webhooks()) {
            if (webhook.action() != Action.READ || webhook.fieldUpdates().isEmpty()
                    || last.answered(webhook.deliveryId())) {
                continue;
            }
            Set<String> named = new LinkedHashSet<>();
            for (String field : webhook.fieldUpdates()) {
                fields.mappedTo(field).stream().filter(read.fields()::containsKey).forEach(named::add);
            }
            if (!named.isEmpty() && named.stream().noneMatch(field -> last.changed(field, read.fields()))) {
                return List.copyOf(named);
            }
        }
        return List.of();
    }

    /** A read kept from a failed attempt for exactly these records, unless a deletion awaits proof (read afresh). */
    private RecentReads.Read reusable(EmployeeWebhooks employee) {
        if (employee.lastDeletion() == employee.webhooks().size() - 1) {
            return null;
        }
        PublishedMemory.Published last = published.get(employee.employeeId());
        return recentReads.reusable(employee.employeeId(), employee.positions(),
                last == null ? null : last.readAt());
    }

    /** Keeps the reads of the employees whose records come again (the poll failed before them); forgets the rest. */
    private void keepReadsForRedelivery(List<EmployeeWebhooks> employees, Poll poll) {
        int failedAt = poll.failedAt();
        for (EmployeeWebhooks employee : employees) {
            ReadForReuse read = poll.reads.get(employee.employeeId());
            boolean comesAgain = employee.lastIndex() >= failedAt;
            if (comesAgain && read != null) {
                recentReads.keep(employee.employeeId(), read.employee(), read.readAt(), employee.positions());
            } else {
                recentReads.forget(employee.employeeId());
            }
        }
    }

    private boolean pause(Duration wait) {
        try {
            return !stopping.await(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String describe(List<Suspect> suspects) {
        return suspects.stream()
                .map(suspect -> "employee " + suspect.employee().employeeId() + " (" + String.join(", ",
                        suspect.unchanged()) + ")")
                .collect(Collectors.joining(", "));
    }

    /**
     * A new hire may take a moment to become readable; past the grace period, counted from the newest webhook's
     * receipt or from the first search HiBob answered after it ({@link AnsweredSearches}), the record is not coming.
     */
    private Failure notFound(EmployeeWebhooks employee, Instant now) {
        Instant newest = newestReceipt(employee.webhooks());
        Instant graceFrom = answeredSearches.firstSince(newest);
        long seconds = Math.max(0, Duration.between(newest, now).toSeconds());
        HibobException cause = now.isBefore(graceFrom.plus(properties.notFoundGrace()))
                ? new EmployeeNotVisibleYetException(employee.employeeId(), seconds,
                        properties.notFoundGrace().toSeconds())
                : new EmployeeNotFoundException(employee.employeeId(), seconds);
        return new Failure(employee.firstIndex(), cause);
    }

    // HiBob may take a moment to stop returning a deleted record; past the grace period the webhook is not true.
    private Failure unconfirmed(EmployeeWebhooks employee, JsonNode found, Instant readAt) {
        ReceivedWebhook deleted = employee.webhooks().get(employee.lastDeletion());
        EmployeeSnapshot now = normalizer.normalize(found, trigger(employee.employeeId(), List.of(deleted)), readAt);
        String email = deletionEmail(employee.webhooks());
        String status = now.fields().get("internal.status");
        Duration since = Duration.between(deleted.receivedAt(), readAt);
        since = since.isNegative() ? Duration.ZERO : since;
        HibobException cause = readAt.isBefore(deleted.receivedAt().plus(properties.deletionGrace()))
                ? new DeletionNotConfirmedYetException(employee.employeeId(), email, status, now.lifecycleStatus(),
                        since, properties.deletionGrace())
                : new DeletionNotConfirmedException(employee.employeeId(), email, status, now.lifecycleStatus(),
                        since);
        return new Failure(deleted.index(), cause);
    }

    /**
     * Optional ({@code HIBOB_READ_DELAY}, 0 by default): no employee is read before {@code receivedAt} plus the delay.
     * The consumer waits here for the newest webhook of the batch: at most the delay itself, well below
     * {@code max.poll.interval.ms}. Waiting for the newest (rather than reading in several rounds) also lets a burst
     * gather into fewer searches.
     */
    private Failure awaitReadDelay(List<EmployeeWebhooks> toRead) {
        Duration delay = properties.readDelay();
        if (delay.isZero()) {
            return null;
        }
        Instant newest = toRead.stream().map(employee -> newestReceipt(employee.webhooks()))
                .max(Comparator.naturalOrder()).orElseThrow();
        Duration wait = Duration.between(clock.instant(), newest.plus(delay));
        if (wait.compareTo(delay) > 0) {
            // A receipt time in the future (clocks apart) must not stall the consumer longer than the delay.
            wait = delay;
        }
        if (wait.isNegative() || wait.isZero()) {
            return null;
        }
        log.debug("Waiting {} ms before reading HiBob (HIBOB_READ_DELAY={})", wait.toMillis(), delay);
        try {
            if (!stopping.await(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                return null;
            }
            // Reading early could publish the old state and commit the webhook: leave it for the next start.
            return new Failure(toRead.get(0).firstIndex(), new IllegalStateException("enrich-service is stopping "
                    + "while waiting HIBOB_READ_DELAY; the webhooks are read after the next start"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Failure(toRead.get(0).firstIndex(),
                    new IllegalStateException("Interrupted while waiting HIBOB_READ_DELAY before reading HiBob"));
        }
    }

    /** The latest webhook's event and delivery, the earliest receipt. */
    private static ReadTrigger trigger(String employeeId, List<ReceivedWebhook> webhooks) {
        ReceivedWebhook latest = webhooks.get(webhooks.size() - 1);
        return new ReadTrigger(employeeId, latest.type(), latest.deliveryId(), earliestReceipt(webhooks));
    }

    /** A confirmed deletion answering {@code webhooks}: the delivery of the deletion, the read's time. */
    private static EmployeeSnapshot deletion(String employeeId, List<ReceivedWebhook> webhooks,
            ReceivedWebhook deleted, Instant readAt) {
        String email = deletionEmail(webhooks);
        if (email == null) {
            log.warn("employee.deleted for employee {} (delivery {}) carries no email; the deletion is published "
                    + "with the employee id only", employeeId, deleted.deliveryId());
        }
        return EmployeeSnapshot.deletion(employeeId, email, deleted.deliveryId(), earliestReceipt(webhooks), readAt);
    }

    /** The email of the latest webhook that carries one (employee.deleted does). */
    private static String deletionEmail(List<ReceivedWebhook> webhooks) {
        for (int i = webhooks.size() - 1; i >= 0; i--) {
            if (webhooks.get(i).email() != null) {
                return webhooks.get(i).email();
            }
        }
        return null;
    }

    private static Instant newestReceipt(List<ReceivedWebhook> webhooks) {
        return webhooks.stream().map(ReceivedWebhook::receivedAt).max(Comparator.naturalOrder()).orElseThrow();
    }

    private static Instant earliestReceipt(List<ReceivedWebhook> webhooks) {
        return webhooks.stream().map(ReceivedWebhook::receivedAt).min(Comparator.naturalOrder()).orElseThrow();
    }

    private static Map<String, EmployeeWebhooks> byEmployee(List<ReceivedWebhook> webhooks) {
        Map<String, EmployeeWebhooks> employees = new LinkedHashMap<>();
        for (ReceivedWebhook webhook : webhooks) {
            if (webhook.action() != Action.SKIP) {
                employees.computeIfAbsent(webhook.employeeId(), EmployeeWebhooks::new).add(webhook);
            }
        }
        return employees;
    }

    /** The webhooks of one employee in one batch, in order. */
    private static final class EmployeeWebhooks {

        private final String employeeId;
        private final List<ReceivedWebhook> webhooks = new ArrayList<>();

        EmployeeWebhooks(String employeeId) {
            this.employeeId = employeeId;
        }

        void add(ReceivedWebhook webhook) {
            webhooks.add(webhook);
        }

        String employeeId() {
            return employeeId;
        }

        List<ReceivedWebhook> webhooks() {
            return webhooks;
        }

        int firstIndex() {
            return webhooks.get(0).index();
        }

        int lastIndex() {
            return webhooks.get(webhooks.size() - 1).index();
        }

        /** The records (partition@offset) of these webhooks. */
        Set<String> positions() {
            Set<String> positions = new HashSet<>();
            webhooks.forEach(webhook -> positions.add(webhook.position()));
            return positions;
        }

        /** The position of the last {@code employee.deleted} in {@link #webhooks()}, or -1. */
        int lastDeletion() {
            for (int i = webhooks.size() - 1; i >= 0; i--) {
                if (webhooks.get(i).action() == Action.DELETE) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** A read that looks stale: not published yet, read again after the next back-off. */
    private record Suspect(EmployeeWebhooks employee, PlannedSnapshot read, List<String> unchanged) {
    }

    /** The latest successful read of an employee in this poll, kept for a retry should the poll fail. */
    private record ReadForReuse(JsonNode employee, Instant readAt) {
    }

    /** One poll being enriched: what is decided, published, failed. One consumer thread. */
    private final class Poll {

        private final int size;
        private final Sink sink;
        private final Instant deadline;
        private final Map<String, PlannedSnapshot> planned = new HashMap<>();
        private final List<PlannedSnapshot> published = new ArrayList<>();
        private final Map<String, ReadForReuse> reads = new HashMap<>();
        private final Set<String> decided = new HashSet<>();
        private Failure failure;
        private boolean searched;

        Poll(int size, Sink sink, Instant deadline) {
            this.size = size;
            this.sink = sink;
            this.deadline = deadline;
        }

        int failedAt() {
            return failure == null ? size : failure.index();
        }

        void fail(Failure candidate) {
            if (candidate != null) {
                failure = Failure.earliest(failure, candidate);
            }
        }

        void plan(EmployeeWebhooks employee, PlannedSnapshot snapshot) {
            planned.put(employee.employeeId(), snapshot);
        }

        /**
         * Publishes, in batch order, the planned snapshots of the employees whose first webhook comes before the
         * first failure; remembers those Kafka acknowledged, and fails from the first one it did not.
         */
        void publishReady(List<EmployeeWebhooks> employees) {
            int failedAt = failedAt();
            List<PlannedSnapshot> ready = new ArrayList<>();
            for (EmployeeWebhooks employee : employees) {
                PlannedSnapshot snapshot = planned.get(employee.employeeId());
                if (snapshot != null && snapshot.firstIndex() < failedAt) {
                    ready.add(snapshot);
                    planned.remove(employee.employeeId());
                }
            }
            if (ready.isEmpty()) {
                return;
            }
            Unpublished unpublished = sink.publish(ready);
            for (PlannedSnapshot snapshot : ready) {
                if (!unpublished.snapshots().contains(snapshot)) {
                    published.add(snapshot);
                    BatchEnricher.this.published.remember(snapshot.snapshot(), snapshot.covers());
                }
            }
            if (!unpublished.snapshots().isEmpty()) {
                RuntimeException cause = unpublished.error() != null ? unpublished.error()
                        : new IllegalStateException("Kafka did not acknowledge a snapshot");
                fail(new Failure(unpublished.firstIndex(size), cause));
            }
        }

        void checkAllDecided(List<EmployeeWebhooks> employees) {
            int failedAt = failedAt();
            for (EmployeeWebhooks employee : employees) {
                if (employee.firstIndex() < failedAt && !decided.contains(employee.employeeId())) {
                    throw new IllegalStateException("Employee " + employee.employeeId() + " was not read although "
                            + "their webhook comes before the first failure");
                }
            }
        }
    }
}
