package io.hibobsync.enrich.kafka;

import io.hibobsync.contracts.EmployeeSnapshot;
import io.hibobsync.contracts.SyncCommand;
import io.hibobsync.contracts.Topics;
import io.hibobsync.enrich.hibob.CompanySearch;
import io.hibobsync.enrich.hibob.EmployeeFields;
import io.hibobsync.enrich.hibob.EmployeeNormalizer;
import io.hibobsync.enrich.hibob.HibobAuthException;
import io.hibobsync.enrich.hibob.HibobProperties;
import io.hibobsync.enrich.hibob.ReadTrigger;
import io.hibobsync.enrich.hibob.SearchBudget;
import io.hibobsync.enrich.hibob.SearchBudgetSpentException;
import io.hibobsync.enrich.sync.EnrichMetrics;
import io.hibobsync.kafka.CredentialsIncident;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Carries out a {@link SyncCommand.Kind#FULL_SYNC}: reads every HiBob employee in one search (no filter, inactive
 * ones included, the fields of a search by id), taken from the same {@link SearchBudget}; publishes each as an
 * {@link EmployeeSnapshot} normalized like a webhook-triggered read (event {@value #EVENT}, delivery id = the run id,
 * {@link EmployeeSnapshot#inRun}) keyed by employee id on {@code hibob-employees}; and once Kafka has acknowledged
 * all of them, one {@code RunEnd} on every partition ({@link RunMarkers}) listing the employees published there.
 * <p>
 * <b>Once per run.</b> A run whose markers are all on {@code hibob-employees} is done: a command delivered again
 * (sent twice, or redelivered after a restart or a rebalance before its offset was committed) is skipped. The run ids
 * done are remembered (the last {@value #RUNS_REMEMBERED}); for one not remembered (another instance ran it, or this
 * one restarted) {@code hibob-employees} is looked at, from the command's time on. A run that failed part way (its
 * markers not all there) is run again from the start: the writer takes a marker as the end of its partition's run.
 * <p>
 * Failures are thrown: the command listener's error handler retries, waits or dead-letters them like a webhook's
 * (HiBob 5xx and Kafka: back-off, then {@code sync-commands-dlt}; 429 and a spent budget: waited out; 401/403: the
 * credentials incident).
 */
@Component
class FullSync implements ApplicationListener<ContextClosedEvent> {

    /** The event of a full sync's snapshots. */
    static final String EVENT = "sync.full";
    static final int RUNS_REMEMBERED = 1000;
    private static final Duration ACK_TIMEOUT = Duration.ofMinutes(3);
    private static final int SKIPS_LOGGED = 20;
    private static final Logger log = LoggerFactory.getLogger(FullSync.class);

    private final CompanySearch hibob;
    private final EmployeeNormalizer normalizer;
    private final SearchBudget budget;
    private final CredentialsIncident credentials;
    private final RunMarkers markers;
    private final KafkaTemplate<String, Object> kafka;
    private final EnrichMetrics metrics;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Boolean> done = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > RUNS_REMEMBERED;
        }
    };
    private final CountDownLatch stopping = new CountDownLatch(1);

    FullSync(CompanySearch hibob, HibobProperties properties, SearchBudget budget,
            @Qualifier("hibob") CredentialsIncident credentials, RunMarkers markers,
            KafkaTemplate<String, Object> kafka, EnrichMetrics metrics) {
        this.hibob = hibob;
        this.normalizer = new EmployeeNormalizer(EmployeeFields.of(properties));
        this.budget = budget;
        this.credentials = credentials;
        this.markers = markers;
        this.kafka = kafka;
        this.metrics = metrics;
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        stopping.countDown();
    }

    /**
     * Runs the full sync {@code command} asks for, unless that run is done already.
     *
     * @param receivedAt when this service took the command: the snapshots' {@code receivedAt}
     * @param sentAt     the command record's timestamp, or {@code null}: no marker of the run can be older
     */
    void run(SyncCommand command, Instant receivedAt, Instant sentAt) {
        String runId = command.commandId();
        boolean plan = command.plan();
        try (var run = MDC.putCloseable("runId", runId)) {
            if (alreadyDone(command, sentAt)) {
                log.info("Full sync {} was run already; the command delivered again is skipped", runId);
                metrics.fullSync(plan, "duplicate");
                return;
            }
            long started = System.nanoTime();
            log.info("Full sync {}{}: asked by {} at {}; reading every HiBob employee in one search", runId,
                    plan ? " (plan: a dry run, nothing is written to Docebo)" : "", command.requestedBy(),
                    command.at());
            Read read = read(runId, plan, receivedAt);
            int partitions = markers.partitions();
            Map<Integer, List<String>> idsByPartition = publish(runId, read.snapshots());
            int published = idsByPartition.values().stream().mapToInt(List::size).sum();
            for (int partition : idsByPartition.keySet()) {
                // Partitions added since partitionsFor answered get their marker too.
                partitions = Math.max(partitions, partition + 1);
            }
            markers.publish(runId, plan, partitions, idsByPartition, published, read.readAt());
            remember(runId);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            metrics.fullSync(plan, "completed");
            metrics.fullSyncEmployees(plan, published);
            metrics.fullSyncDuration(plan, took);
            log.info("Full sync {}: read {} employees from HiBob in 1 search, published {} snapshots and {} run "
                    + "markers in {} ms{}", runId, read.answered(), published, partitions, took.toMillis(),
                    read.skipped() == 0 ? "" : " (" + read.skipped() + " skipped: no id, or an id twice)");
        }
    }

    private boolean alreadyDone(SyncCommand command, Instant sentAt) {
        String runId = command.commandId();
        synchronized (done) {
            if (done.containsKey(runId)) {
                return true;
            }
        }
        Instant since = command.at();
        if (since == null || (sentAt != null && sentAt.isBefore(since))) {
            since = sentAt;
        }
        if (since == null) {
            since = Instant.EPOCH;
        }
        RunMarkers.Check check = markers.check(runId, since.minus(RunMarkers.CLOCK_SKEW));
        if (check == RunMarkers.Check.DONE) {
            remember(runId);
            return true;
        }
        if (check == RunMarkers.Check.UNKNOWN) {
            log.warn("Full sync {}: running it, although it may have run already (a run more is harmless: HiBob is "
                    + "read again and the writer finds little to change)", runId);
        }
        return false;
    }

    private void remember(String runId) {
        synchronized (done) {
            done.put(runId, Boolean.TRUE);
        }
    }

    /** The one search, from the budget, each employee normalized as the answer streams in. */
    private Read read(String runId, boolean plan, Instant receivedAt) {
        Duration wait;
        try {
            wait = budget.take(SearchBudget.LONGEST_WAIT_IN_LINE, List.of());
        } catch (SearchBudgetSpentException spent) {
            log.info("{}; full sync {} waits meanwhile", spent.getMessage(), runId);
            metrics.budgetSpent();
            throw spent;
        }
        if (!wait.isZero()) {
            log.debug("Waiting {} ms for the HiBob search budget (HIBOB_SEARCHES_PER_MINUTE={})", wait.toMillis(),
                    budget.perMinute());
            pause(wait);
        }
        // When the search was sent: HiBob's answer shows nothing older, so the writer orders it safely against a
        // webhook's read made while this search ran.
        Instant readAt = clock.instant();
        List<EmployeeSnapshot> snapshots = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int[] skipped = {0};
        int answered;
        try {
            answered = hibob.everyone(employee -> {
                String id = EmployeeNormalizer.employeeId(employee);
                if (id == null || id.isBlank() || !seen.add(id)) {
                    skip(runId, employee, id, ++skipped[0]);
                    return;
                }
                snapshots.add(normalizer.normalize(employee, new ReadTrigger(id, EVENT, runId, receivedAt), readAt)
                        .inRun(runId, plan));
            });
        } catch (HibobAuthException refused) {
            credentials.refused(refused.status(), refused.getMessage());
            throw refused;
        }
        credentials.accepted();
        if (skipped[0] > 0) {
            metrics.fullSyncSkipped(skipped[0]);
        }
        return new Read(snapshots, answered, skipped[0], readAt);
    }

    private void skip(String runId, JsonNode employee, String id, int skips) {
        if (skips > SKIPS_LOGGED) {
            return;
        }
        String email = employee != null && employee.isObject()
                ? normalizer.normalize(employee, new ReadTrigger(null, EVENT, runId, null), null).email() : null;
        if (id == null || id.isBlank()) {
            log.warn("Full sync {}: HiBob returned an employee without an id ({}); skipped", runId,
                    email == null ? "no email either" : email);
        } else {
            log.warn("Full sync {}: HiBob returned employee {} twice; the second is skipped", runId, id);
        }
        if (skips == SKIPS_LOGGED) {
            log.warn("Full sync {}: more employees HiBob returned are skipped; the end of the run counts them", runId);
        }
    }

    /**
     * Sends every snapshot (acks=all, idempotent producer), then waits for Kafka: the partition of each, from its
     * send result, is where its marker goes. Any snapshot not acknowledged fails the run (it is run again).
     */
    private Map<Integer, List<String>> publish(String runId, List<EmployeeSnapshot> snapshots) {
        List<String> ids = new ArrayList<>(snapshots.size());
        // Only the partition of each is kept (a send result holds the whole record).
        List<CompletableFuture<Integer>> sent = new ArrayList<>(snapshots.size());
        for (EmployeeSnapshot snapshot : snapshots) {
            ids.add(snapshot.employeeId());
            try {
                sent.add(kafka.send(Topics.HIBOB_EMPLOYEES, snapshot.employeeId(), snapshot)
                        .thenApply(result -> result.getRecordMetadata().partition()));
            } catch (RuntimeException e) {
                sent.add(CompletableFuture.failedFuture(e));
            }
        }
        // The producer holds what it has not sent yet, serialized; the snapshots are not needed any more.
        snapshots.clear();
        long deadline = System.nanoTime() + ACK_TIMEOUT.toNanos();
        Map<Integer, List<String>> byPartition = new TreeMap<>();
        for (int i = 0; i < sent.size(); i++) {
            int partition;
            try {
                partition = sent.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RunMarkers.RunNotPublishedException("Interrupted while publishing full sync " + runId, e);
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                throw new RunMarkers.RunNotPublishedException("Kafka did not acknowledge the snapshot of employee "
                        + ids.get(i) + " of full sync " + runId + " on " + Topics.HIBOB_EMPLOYEES + ": "
                        + cause.getMessage() + "; the run is made again", cause);
            }
            sent.set(i, null);
            byPartition.computeIfAbsent(partition, key -> new ArrayList<>()).add(ids.get(i));
        }
        return byPartition;
    }

    private void pause(Duration wait) {
        try {
            if (!stopping.await(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("enrich-service is stopping while a full sync waits for the HiBob search "
                + "budget; the command is carried out after the next start");
    }

    /** What the search gave: the snapshots to publish, employee objects in the answer, skipped ones, when it ran. */
    private record Read(List<EmployeeSnapshot> snapshots, int answered, int skipped, Instant readAt) {
    }
}
