package io.hibobsync.enrich.kafka;

import io.hibobsync.contracts.EmployeeSnapshot;
import io.hibobsync.enrich.hibob.EmployeeFields;
import io.hibobsync.enrich.hibob.EmployeeNormalizer;
import io.hibobsync.enrich.hibob.EmployeeNotFoundException;
import io.hibobsync.enrich.hibob.EmployeeNotVisibleYetException;
import io.hibobsync.enrich.hibob.HibobClient;
import io.hibobsync.enrich.hibob.HibobException;
import io.hibobsync.enrich.hibob.HibobProperties;
import io.hibobsync.enrich.hibob.ReadTrigger;
import io.hibobsync.enrich.hibob.WebhookEnvelope.InvalidWebhookException;
import io.hibobsync.enrich.kafka.EnrichedBatch.Failure;
import io.hibobsync.enrich.kafka.EnrichedBatch.PlannedSnapshot;
import io.hibobsync.enrich.kafka.ReceivedWebhook.Action;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Turns one poll of {@code hibob-webhooks} into employee snapshots at the cost of a handful of HiBob calls
 * (50 searches a minute is all HiBob allows): the webhooks of one employee are coalesced into one snapshot, and
 * the employees are read together, {@code HIBOB_SEARCH_BATCH_SIZE} ids per search.
 * <p>
 * Per employee, everything up to their last {@code employee.deleted} becomes one deletion (no read: the record
 * is gone); the webhooks after it, one read. Nothing is published here: the caller publishes the snapshots,
 * then commits the records before {@link EnrichedBatch#failedAt()}.
 */
@Component
class BatchEnricher implements ApplicationListener<ContextClosedEvent> {

    private static final Logger log = LoggerFactory.getLogger(BatchEnricher.class);

    private final HibobClient hibob;
    private final EmployeeNormalizer normalizer;
    private final HibobProperties properties;
    private final Clock clock = Clock.systemUTC();
    // A shutdown cuts the read-delay wait short: the batch is then left uncommitted, for the next start.
    private final CountDownLatch stopping = new CountDownLatch(1);

    BatchEnricher(HibobClient hibob, HibobProperties properties) {
        this.hibob = hibob;
        this.normalizer = new EmployeeNormalizer(EmployeeFields.of(properties));
        this.properties = properties;
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        stopping.countDown();
    }

    EnrichedBatch enrich(List<ConsumerRecord<String, byte[]>> records) {
        List<ReceivedWebhook> webhooks = new ArrayList<>();
        Failure failure = null;
        for (int i = 0; i < records.size(); i++) {
            try {
                webhooks.add(ReceivedWebhook.of(records.get(i), i));
            } catch (InvalidWebhookException e) {
                // The records after it wait for their turn: they come again once this one is dead-lettered.
                failure = new Failure(i, e);
                break;
            }
        }
        Map<String, EmployeeWebhooks> employees = byEmployee(webhooks);
        List<EmployeeWebhooks> toRead = employees.values().stream()
                .filter(EmployeeWebhooks::needsRead)
                .sorted(Comparator.comparingInt(EmployeeWebhooks::firstReadIndex))
                .toList();
        Map<String, Read> reads = new HashMap<>();
        boolean searched = false;
        if (!toRead.isEmpty()) {
            Failure interrupted = awaitReadDelay(toRead);
            if (interrupted != null) {
                failure = Failure.earliest(failure, interrupted);
            } else {
                for (List<EmployeeWebhooks> chunk : chunks(toRead, properties.searchBatchSize())) {
                    List<JsonNode> answer;
                    try {
                        answer = hibob.search(chunk.stream().map(EmployeeWebhooks::employeeId).toList());
                        searched = true;
                    } catch (HibobException e) {
                        // Later chunks hold only employees whose webhooks come after this failure: not worth a call.
                        failure = Failure.earliest(failure, new Failure(chunk.get(0).firstReadIndex(), e));
                        break;
                    }
                    Failure missing = collect(chunk, answer, reads);
                    if (missing != null) {
                        failure = Failure.earliest(failure, missing);
                        break;
                    }
                }
            }
        }
        int failedAt = failure == null ? records.size() : failure.index();
        return new EnrichedBatch(records.size(), webhooks, snapshots(employees.values(), reads, failedAt), failure,
                searched);
    }

    private Failure collect(List<EmployeeWebhooks> chunk, List<JsonNode> answer, Map<String, Read> reads) {
        Instant readAt = clock.instant();
        Map<String, JsonNode> byId = new HashMap<>();
        for (JsonNode employee : answer) {
            String id = EmployeeNormalizer.employeeId(employee);
            if (id != null) {
                byId.put(id, employee);
            }
        }
        Failure missing = null;
        for (EmployeeWebhooks employee : chunk) {
            JsonNode found = byId.get(employee.employeeId());
            if (found != null) {
                reads.put(employee.employeeId(), new Read(found, readAt));
            } else if (missing == null) {
                // The chunk is in batch order: the first employee missing is the earliest failure.
                missing = notFound(employee, readAt);
            }
        }
        return missing;
    }

    // A new hire may take a moment to become readable; past the grace period the record is not coming.
    private Failure notFound(EmployeeWebhooks employee, Instant now) {
        Instant newest = employee.readPart().stream().map(ReceivedWebhook::receivedAt).max(Comparator.naturalOrder())
                .orElse(now);
        long seconds = Math.max(0, Duration.between(newest, now).toSeconds());
        HibobException cause = now.isBefore(newest.plus(properties.notFoundGrace()))
                ? new EmployeeNotVisibleYetException(employee.employeeId(), seconds,
                        properties.notFoundGrace().toSeconds())
                : new EmployeeNotFoundException(employee.employeeId(), seconds);
        return new Failure(employee.firstReadIndex(), cause);
    }

    /**
     * HiBob may show the old state for ~20 s after a change, so no employee is read before
     * {@code receivedAt + HIBOB_READ_DELAY}. The consumer waits here, between two polls, for the newest webhook
     * of the batch: at most the delay itself, well below {@code max.poll.interval.ms}. Waiting for the newest
     * (rather than reading in several rounds) also lets a burst gather into fewer searches.
     */
    private Failure awaitReadDelay(List<EmployeeWebhooks> toRead) {
        Duration delay = properties.readDelay();
        if (delay.isZero()) {
            return null;
        }
        Instant newest = toRead.stream().flatMap(employee -> employee.readPart().stream())
                .map(ReceivedWebhook::receivedAt).max(Comparator.naturalOrder()).orElseThrow();
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
            return new Failure(toRead.get(0).firstReadIndex(), new IllegalStateException("enrich-service is stopping "
                    + "while waiting HIBOB_READ_DELAY; the webhooks are read after the next start"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Failure(toRead.get(0).firstReadIndex(),
                    new IllegalStateException("Interrupted while waiting HIBOB_READ_DELAY before reading HiBob"));
        }
    }

    private List<PlannedSnapshot> snapshots(Iterable<EmployeeWebhooks> employees, Map<String, Read> reads,
            int failedAt) {
        Instant now = clock.instant();
        List<PlannedSnapshot> snapshots = new ArrayList<>();
        for (EmployeeWebhooks employee : employees) {
            List<ReceivedWebhook> deletion = employee.deletionPart();
            if (!deletion.isEmpty() && deletion.get(0).index() < failedAt) {
                snapshots.add(new PlannedSnapshot(deletion(employee.employeeId(), deletion, now), deletion));
            }
            List<ReceivedWebhook> readPart = employee.readPart();
            if (!readPart.isEmpty() && readPart.get(0).index() < failedAt) {
                Read read = reads.get(employee.employeeId());
                if (read == null) {
                    throw new IllegalStateException("Employee " + employee.employeeId() + " was not read although "
                            + "their webhook comes before the first failure");
                }
                snapshots.add(new PlannedSnapshot(
                        normalizer.normalize(read.employee(), trigger(employee.employeeId(), readPart), read.at()),
                        readPart));
            }
        }
        return snapshots;
    }

    /** The latest webhook's event and delivery, the earliest receipt. */
    private static ReadTrigger trigger(String employeeId, List<ReceivedWebhook> webhooks) {
        ReceivedWebhook latest = webhooks.get(webhooks.size() - 1);
        return new ReadTrigger(employeeId, latest.type(), latest.deliveryId(), earliestReceipt(webhooks));
    }

    private static EmployeeSnapshot deletion(String employeeId, List<ReceivedWebhook> webhooks, Instant now) {
        ReceivedWebhook latest = webhooks.get(webhooks.size() - 1);
        String email = null;
        for (int i = webhooks.size() - 1; i >= 0 && email == null; i--) {
            email = webhooks.get(i).email();
        }
        if (email == null) {
            log.warn("employee.deleted for employee {} (delivery {}) carries no email; the deletion is published "
                    + "with the employee id only", employeeId, latest.deliveryId());
        }
        return EmployeeSnapshot.deletion(employeeId, email, latest.deliveryId(), earliestReceipt(webhooks), now);
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

    private static <T> List<List<T>> chunks(List<T> items, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < items.size(); from += size) {
            chunks.add(items.subList(from, Math.min(items.size(), from + size)));
        }
        return chunks;
    }

    private record Read(JsonNode employee, Instant at) {
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

        /** Up to and including the last {@code employee.deleted}: answered by one deletion. */
        List<ReceivedWebhook> deletionPart() {
            return webhooks.subList(0, lastDeletion() + 1);
        }

        /** After the last {@code employee.deleted}: answered by one read. */
        List<ReceivedWebhook> readPart() {
            return webhooks.subList(lastDeletion() + 1, webhooks.size());
        }

        boolean needsRead() {
            return !readPart().isEmpty();
        }

        int firstReadIndex() {
            return readPart().get(0).index();
        }

        private int lastDeletion() {
            for (int i = webhooks.size() - 1; i >= 0; i--) {
                if (webhooks.get(i).action() == Action.DELETE) {
                    return i;
                }
            }
            return -1;
        }
    }
}
