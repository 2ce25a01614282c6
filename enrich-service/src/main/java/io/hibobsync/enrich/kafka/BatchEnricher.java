package io.hibobsync.enrich.kafka;

import io.hibobsync.contracts.EmployeeSnapshot;
import io.hibobsync.enrich.hibob.DeletionNotConfirmedException;
import io.hibobsync.enrich.hibob.DeletionNotConfirmedYetException;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * Nothing is published here: the caller publishes the snapshots, then commits the records before
 * {@link EnrichedBatch#failedAt()}.
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
                .sorted(Comparator.comparingInt(EmployeeWebhooks::firstIndex))
                .toList();
        Map<String, PlannedSnapshot> planned = new HashMap<>();
        Set<String> decided = new HashSet<>();
        boolean searched = false;
        if (!toRead.isEmpty()) {
            Failure interrupted = awaitReadDelay(toRead);
            if (interrupted != null) {
                failure = Failure.earliest(failure, interrupted);
            } else {
                int next = 0;
                while (next < toRead.size()) {
                    // Employees whose first webhook comes after the earliest failure are not worth a call: their
                    // webhooks are delivered again anyway. The list is in batch order, so the rest are too.
                    int failedAt = failure == null ? records.size() : failure.index();
                    List<EmployeeWebhooks> chunk = new ArrayList<>();
                    while (next < toRead.size() && chunk.size() < properties.searchBatchSize()
                            && toRead.get(next).firstIndex() < failedAt) {
                        chunk.add(toRead.get(next++));
                    }
                    if (chunk.isEmpty()) {
                        break;
                    }
                    List<JsonNode> answer;
                    try {
                        answer = hibob.search(chunk.stream().map(EmployeeWebhooks::employeeId).toList());
                        searched = true;
                    } catch (HibobException e) {
                        failure = Failure.earliest(failure, new Failure(chunk.get(0).firstIndex(), e));
                        break;
                    }
                    Failure undecided = decide(chunk, answer, planned, decided);
                    if (undecided != null) {
                        failure = Failure.earliest(failure, undecided);
                    }
                }
            }
        }
        int failedAt = failure == null ? records.size() : failure.index();
        return new EnrichedBatch(records.size(), webhooks, snapshots(employees.values(), planned, decided, failedAt),
                failure, searched);
    }

    /** What HiBob's answer means for each employee of the chunk; returns the earliest failure among them. */
    private Failure decide(List<EmployeeWebhooks> chunk, List<JsonNode> answer, Map<String, PlannedSnapshot> planned,
            Set<String> decided) {
        Instant readAt = clock.instant();
        Map<String, JsonNode> byId = new HashMap<>();
        for (JsonNode employee : answer) {
            String id = EmployeeNormalizer.employeeId(employee);
            if (id != null) {
                byId.put(id, employee);
            }
        }
        Failure earliest = null;
        for (EmployeeWebhooks employee : chunk) {
            decided.add(employee.employeeId());
            JsonNode found = byId.get(employee.employeeId());
            List<ReceivedWebhook> all = employee.webhooks();
            int lastDeletion = employee.lastDeletion();
            if (found == null && lastDeletion >= 0) {
                // Proof: HiBob was asked and no longer has them.
                planned.put(employee.employeeId(), new PlannedSnapshot(
                        deletion(employee.employeeId(), all, all.get(lastDeletion), readAt), all));
            } else if (found == null) {
                earliest = Failure.earliest(earliest, notFound(employee, readAt));
            } else if (lastDeletion == all.size() - 1) {
                // HiBob still has them: what came before the deletion is answered by the read, the deletion waits.
                List<ReceivedWebhook> before = all.subList(0, lastDeletion);
                if (!before.isEmpty()) {
                    planned.put(employee.employeeId(), new PlannedSnapshot(normalizer.normalize(found,
                            trigger(employee.employeeId(), before), readAt), before));
                }
                earliest = Failure.earliest(earliest, unconfirmed(employee, found, readAt));
            } else {
                // No deletion, or one superseded by a later webhook: HiBob's answer is the truth.
                planned.put(employee.employeeId(), new PlannedSnapshot(normalizer.normalize(found,
                        trigger(employee.employeeId(), all), readAt), all));
            }
        }
        return earliest;
    }

    // A new hire may take a moment to become readable; past the grace period the record is not coming.
    private Failure notFound(EmployeeWebhooks employee, Instant now) {
        Instant newest = newestReceipt(employee.webhooks());
        long seconds = Math.max(0, Duration.between(newest, now).toSeconds());
        HibobException cause = now.isBefore(newest.plus(properties.notFoundGrace()))
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

    /** The planned snapshots of the employees whose first webhook comes before the first failure, in batch order. */
    private static List<PlannedSnapshot> snapshots(Iterable<EmployeeWebhooks> employees,
            Map<String, PlannedSnapshot> planned, Set<String> decided, int failedAt) {
        List<PlannedSnapshot> snapshots = new ArrayList<>();
        for (EmployeeWebhooks employee : employees) {
            if (employee.firstIndex() >= failedAt) {
                continue;
            }
            if (!decided.contains(employee.employeeId())) {
                throw new IllegalStateException("Employee " + employee.employeeId() + " was not read although "
                        + "their webhook comes before the first failure");
            }
            PlannedSnapshot snapshot = planned.get(employee.employeeId());
            if (snapshot != null && snapshot.firstIndex() < failedAt) {
                snapshots.add(snapshot);
            }
        }
        return snapshots;
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
}
