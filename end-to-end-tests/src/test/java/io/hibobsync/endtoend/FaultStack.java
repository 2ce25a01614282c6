package io.hibobsync.endtoend;

import io.hibobsync.contracts.Topics;
import io.hibobsync.simulator.docebo.DoceboSimulator;
import io.hibobsync.simulator.hibob.HibobSimulator;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the fault scenarios run on: a Kafka broker in its own process ({@link BrokerProcess}, so it can be stopped
 * and started again), the HiBob and Docebo simulators and an SMTP server (GreenMail, on a port of its own, so it
 * can be stopped and started again) in this JVM, and the four shipped service jars as processes
 * ({@link ServiceJars}, so each can be killed and restarted on its ports): a {@link SyncStack} with these settings.
 * <p>
 * The settings the suite gives the services beyond credentials and URLs, each for a reason the README states:
 * <ul>
 *   <li>{@code SYNC_BRAKE_MAX_COUNT=100000}: the bursts make more leavers and deletions in an hour than the safety
 *       brake lets through (10, or 5 %), and held actions are by design, not a fault;</li>
 *   <li>{@code SYNC_RECONCILE_CRON=-}: no nightly reconciliation heals what a fault broke: the webhooks must;</li>
 *   <li>{@code DOCEBO_THROTTLE_ALERT_AFTER=2m}, {@code HIBOB_THROTTLE_ALERT_AFTER=1m}: the throttles of scenarios 3
 *       and 4 last longer than that, so each is one incident with a mail (and a "resolved" mail), not a silent
 *       wait;</li>
 *   <li>{@code DOCEBO_THROTTLE_MAX_BACKOFF=1m}: the writer's wait between tries while Docebo throttles without a
 *       {@code Retry-After} (5 min by default) bounds how soon it notices the end; 1 min keeps the suite short;</li>
 *   <li>{@code HIBOB_AUTH_RETRY_INTERVAL=20s}, {@code NOTIFIER_DIGEST_WINDOW=30s}: shorter waits for scenario 5's
 *       failures, so the suite fits its time; the window stays longer than enrich's longest hold of a poll's dead
 *       letter (its re-reads of a stale-looking read in the same poll, {@code HIBOB_REREAD_BACKOFF} 2 + 5 + 15 s),
 *       or the failures that belong in one digest come in two;</li>
 *   <li>the HiBob simulator retries a refused delivery after 1 s, doubling up to 10 s, and never gives up within the
 *       suite (real HiBob retries for days).</li>
 * </ul>
 * HiBob allows 50 searches a minute in the full suite, its real limit (the reduced one, in every build, allows 300, so
 * that its heal times are not all HiBob's minute), Docebo 1,000 calls an hour, and Docebo's batch imports take 200 ms
 * each (the simulators' defaults).
 */
final class FaultStack implements AutoCloseable {

    static final String SECRET = "fault-suite-webhook-secret";
    static final String MAIL_TO = SyncStack.MAIL_TO;
    static final String INGEST = SyncStack.INGEST;
    static final String ENRICH = SyncStack.ENRICH;
    static final String WRITER = SyncStack.WRITER;
    static final String NOTIFIER = SyncStack.NOTIFIER;
    static final List<String> SERVICES = List.of(INGEST, ENRICH, WRITER, NOTIFIER);
    static final long MAX_BODY_BYTES = 256 * 1024;

    final String name;
    final BrokerProcess broker;
    final HibobSimulator hibob;
    final DoceboSimulator docebo;
    final ServiceJars services;
    final Company company;
    final OutcomeCollector outcomes;
    final ConsumerLag lag;
    final int ingestPort;
    /** Employees an earlier scenario left different from HiBob (reported there), left out of later comparisons. */
    final java.util.Set<String> wrongSinceEarlier = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final SyncStack stack;

    private FaultStack(String name, SyncStack stack, BrokerProcess broker, long seed) {
        this.name = name;
        this.stack = stack;
        this.broker = broker;
        hibob = stack.hibob;
        docebo = stack.docebo;
        services = stack.services;
        company = new Company(hibob, seed);
        outcomes = stack.outcomes;
        lag = new ConsumerLag(stack.bootstrapServers());
        ingestPort = services.service(INGEST).port();
    }

    /**
     * Everything started and the HiBob simulator's webhook registered at ingest; the services with these JVM options
     * ({@link ServiceJars#AS_SHIPPED}: as they ship on the local stack), HiBob allowing this many searches a minute
     * (50: HiBob's limit) and enrich spending 90 % of them ({@code HIBOB_SEARCHES_PER_MINUTE}).
     */
    static FaultStack start(String name, long seed, List<String> jvmOptions, int hibobSearchesPerMinute)
            throws Exception {
        long started = System.nanoTime();
        BrokerProcess broker = new BrokerProcess(Path.of("target", "fault-logs", name, "kafka"));
        SyncStack stack = SyncStack.start(SyncStack.named(name)
                .logsIn(Path.of("target", "fault-logs", name))
                .brokerProcess(broker)
                .secret(SECRET)
                .hibob(Map.of("HIBOB_SIM_SEED_EMPLOYEES", 0,
                        "HIBOB_SIM_SEARCH_RATE_LIMIT_PER_MINUTE", hibobSearchesPerMinute,
                        "HIBOB_SIM_WEBHOOK_INITIAL_BACKOFF", "1s",
                        "HIBOB_SIM_WEBHOOK_MAX_BACKOFF", "10s",
                        "HIBOB_SIM_WEBHOOK_MAX_ATTEMPTS", 100_000,
                        "simulator.call-log-capacity", 200_000))
                .docebo(Map.of("simulator.call-log-capacity", 200_000))
                .jvmOptions(jvmOptions)
                .service(INGEST)
                .service(ENRICH, Map.of("HIBOB_EXTRA_FIELDS", "work.title",
                        "HIBOB_SEARCHES_PER_MINUTE", String.valueOf(hibobSearchesPerMinute * 9 / 10),
                        "HIBOB_THROTTLE_ALERT_AFTER", "1m",
                        "HIBOB_AUTH_RETRY_INTERVAL", "20s"))
                .service(WRITER, Map.of("DOCEBO_DEPARTMENT_BRANCHES", Company.DEPARTMENT_BRANCHES,
                        "DOCEBO_ADDITIONAL_FIELDS", "5=work.title",
                        "DOCEBO_CALLS_PER_HOUR", "1000",
                        "DOCEBO_THROTTLE_ALERT_AFTER", "2m",
                        "DOCEBO_THROTTLE_MAX_BACKOFF", "1m",
                        "SYNC_BRAKE_MAX_COUNT", "100000"))
                .service(NOTIFIER, Map.of("NOTIFIER_DIGEST_WINDOW", "30s")));
        try {
            FaultStack fault = new FaultStack(name, stack, broker, seed);
            if (!stack.registerWebhook()) {
                throw new IllegalStateException("ingest did not answer HiBob's Ping test");
            }
            System.out.printf("Fault stack %s: broker and services ready in %.0f s%n", name,
                    (System.nanoTime() - started) / 1e9);
            return fault;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    String ingestUrl() {
        return "http://127.0.0.1:" + ingestPort + "/webhooks/hibob";
    }

    /** Every mail the SMTP server accepted so far, those of earlier (stopped) server instances included. */
    List<MimeMessage> mails() {
        return stack.mails();
    }

    /** SMTP down: nothing listens on its port any more. */
    void stopSmtp() {
        stack.stopSmtp();
    }

    /** SMTP back, on the same port. */
    void startSmtp() {
        stack.startSmtp();
    }

    /** Records the consumer groups of the services have not committed: 0 when every stage is done. */
    long pipelineLag() throws Exception {
        return lagByGroup().values().stream().mapToLong(Long::longValue).sum();
    }

    /** The same, group by group. */
    Map<String, Long> lagByGroup() throws Exception {
        Map<String, Long> lags = new LinkedHashMap<>();
        lags.put("enrich-service", lag.of("enrich-service", List.of(Topics.HIBOB_WEBHOOKS)));
        lags.put("docebo-writer-service", lag.of("docebo-writer-service", List.of(Topics.HIBOB_EMPLOYEES)));
        lags.put("notifier-service", lag.of("notifier-service", lag.deadLetterTopics()));
        lags.put("notifier-service-alerts", lag.of("notifier-service-alerts", List.of(Topics.SYNC_ALERTS)));
        return lags;
    }

    @Override
    public void close() {
        lag.close();
        stack.close();
    }
}
