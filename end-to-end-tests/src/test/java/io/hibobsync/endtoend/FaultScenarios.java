package io.hibobsync.endtoend;

import io.hibobsync.contracts.SyncOutcome;
import io.hibobsync.contracts.Topics;
import io.hibobsync.contracts.WebhookHeaders;
import io.hibobsync.kafka.test.TopicReader;
import io.hibobsync.simulator.hibob.SimulatedEmployee;
import io.hibobsync.simulator.hibob.WebhookDelivery;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/**
 * The faults of issue #12, each a {@link FaultRun.Plan}: what to break, when in the burst, for how long, and what
 * should come of it. The suite ({@code FaultSuite}) runs all seven at full size; {@code FaultToleranceEndToEndTest}
 * runs 1, 2 (for the writer), 6 and 7 smaller. A fault that lasts a given time is that time on the clock: the
 * waits here are the fault, not a guess at when something is done.
 */
final class FaultScenarios {

    private static final JsonMapper json = JsonMapper.builder().build();

    private FaultScenarios() {
    }

    /** 1. The broker stopped (controlled shutdown) a third into the burst, started again {@code down} later. */
    static FaultRun.Plan brokerOutage(Duration down, int changes, double perSecond, Duration healLimit) {
        return new FaultRun.Plan("1. Kafka broker stopped " + down.toSeconds() + " s mid-burst, then started again",
                changes, perSecond, (stack, burst, notes) -> {
                    burst.awaitMade(changes / 3);
                    stack.broker.stop();
                    notes.add("broker stopped after " + burst.made() + " of " + changes + " changes");
                    TimeUnit.MILLISECONDS.sleep(down.toMillis());
                    Instant restarted = Instant.now();
                    stack.broker.start();
                    notes.add("broker up again " + seconds(Duration.between(restarted, Instant.now()))
                            + " after its start (same port, same data)");
                    return restarted;
                }, 0, "none: nothing needs anyone", "the broker's start", healLimit);
    }

    /**
     * 2. {@code kill -9} of one service a third into the burst, started again 10 s later on the same ports.
     */
    static FaultRun.Plan serviceCrash(String module, int changes, double perSecond, Duration healLimit) {
        return new FaultRun.Plan("2. kill -9 of " + module + " mid-burst, restarted 10 s later", changes, perSecond,
                (stack, burst, notes) -> {
                    burst.awaitMade(changes / 3);
                    stack.services.kill(module);
                    notes.add(module + " killed after " + burst.made() + " of " + changes + " changes");
                    TimeUnit.SECONDS.sleep(10);
                    Instant restarted = Instant.now();
                    stack.services.restart(module);
                    notes.add(module + " ready " + seconds(Duration.between(restarted, Instant.now()))
                            + " after its restart");
                    return restarted;
                }, 0, "none: nothing needs anyone", "the restart", healLimit);
    }

    /**
     * 2, aimed: the writer killed while it waits for Docebo's answer to a deactivation Docebo has already made (Docebo
     * holds its answers back 30 s), and the leaver rehired in HiBob before the writer is back. The writer marks the
     * users of a write as unanswered in its memory before the call, so its successor writes that user in full
     * instead of answering "Docebo already matches" from a memory that is behind Docebo; the untimed kill of
     * {@link #serviceCrash} meets this only sometimes.
     */
    static FaultRun.Plan writerKilledAwaitingDocebo(Duration healLimit) {
        return new FaultRun.Plan("2. kill -9 of docebo-writer-service while Docebo's answer to a deactivation is on its "
                + "way, the leaver rehired meanwhile", 0, 1, (stack, burst, notes) -> {
                    String id = stack.company.someoneWhoCanLeave();
                    String email = stack.hibob.employee(id).orElseThrow().email();
                    stack.docebo.faults().delayAnswers(Duration.ofSeconds(30));
                    stack.company.terminate(id);
                    boolean deactivated = FaultRun.await(Duration.ofSeconds(60), () -> stack.docebo.user(email)
                            .map(user -> !user.active()).orElse(false));
                    stack.services.kill(FaultStack.WRITER);
                    stack.docebo.faults().clear();
                    stack.company.rehire(id);
                    notes.add("employee " + id + " left; Docebo " + (deactivated ? "had deactivated the user"
                            : "had not deactivated the user within 60 s") + " when the writer was killed waiting "
                            + "for its answer; rehired in HiBob while the writer was down");
                    TimeUnit.SECONDS.sleep(10);
                    Instant restarted = Instant.now();
                    stack.services.restart(FaultStack.WRITER);
                    return restarted;
                }, 0, "none: nothing needs anyone", "the restart", healLimit);
    }

    /** 3. Docebo answers 503 for {@code unavailable}, then 429 for {@code throttled}, a third into the burst. */
    static FaultRun.Plan doceboOverloaded(Duration unavailable, Duration throttled, int changes, double perSecond,
            Duration healLimit) {
        return new FaultRun.Plan("3. Docebo answering 503 for " + unavailable.toSeconds() + " s, then 429 for "
                + throttled.toMinutes() + " min", changes, perSecond, (stack, burst, notes) -> {
                    burst.awaitMade(changes / 3);
                    stack.docebo.faults().failFor(503, unavailable);
                    TimeUnit.MILLISECONDS.sleep(unavailable.toMillis());
                    stack.docebo.faults().failFor(429, throttled);
                    TimeUnit.MILLISECONDS.sleep(throttled.toMillis());
                    stack.docebo.faults().clear();
                    notes.add("Docebo answered " + stack.docebo.callLog().calls().stream()
                            .filter(call -> call.status() == 503 || call.status() == 429).count()
                            + " calls with 503 or 429 (no Retry-After)");
                    return Instant.now();
                }, 2, "one throttle incident: its alert and its \"resolved\" mail", "Docebo answering again",
                healLimit);
    }

    /** 4. HiBob answers 429 for {@code throttled}, then 503 for {@code failing}, a third into the burst. */
    static FaultRun.Plan hibobOverloaded(Duration throttled, Duration failing, int changes, double perSecond,
            Duration healLimit) {
        return new FaultRun.Plan("4. HiBob answering 429 for " + throttled.toMinutes() + " min, then 5xx for "
                + failing.toMinutes() + " min", changes, perSecond, (stack, burst, notes) -> {
                    burst.awaitMade(changes / 3);
                    stack.hibob.faults().failFor(429, throttled);
                    TimeUnit.MILLISECONDS.sleep(throttled.toMillis());
                    stack.hibob.faults().failFor(503, failing);
                    TimeUnit.MILLISECONDS.sleep(failing.toMillis());
                    stack.hibob.faults().clear();
                    notes.add("HiBob answered " + stack.hibob.callLog().calls().stream()
                            .filter(call -> call.status() == 503 || call.status() == 429).count()
                            + " calls with 429 or 503 (no Retry-After)");
                    return Instant.now();
                }, 2, "one throttle incident (the 429s): its alert and its \"resolved\" mail; the 5xx minute is "
                        + "retried within ENRICH_RETRY_MAX_ELAPSED, no mail", "HiBob answering again", healLimit);
    }

    /**
     * 5. SMTP down for {@code down} while two incidents happen: HiBob refuses the sync's credentials for 30 s
     * (alert, then "resolved"), and three webhooks name employees HiBob does not have (dead letters, one digest).
     */
    static FaultRun.Plan smtpDown(Duration down, int changes, double perSecond, Duration healLimit) {
        return new FaultRun.Plan("5. SMTP down for " + down.toMinutes() + " min while failures happen", changes,
                perSecond, (stack, burst, notes) -> {
                    burst.awaitMade(changes / 3);
                    Instant stopped = Instant.now();
                    stack.stopSmtp();
                    stack.hibob.faults().failFor(401, Duration.ofSeconds(30));
                    for (int i = 0; i < 3; i++) {
                        int status = postSigned(stack, unknownEmployeeWebhook(stack, i));
                        if (status != 202) {
                            throw new IllegalStateException("ingest answered " + status + " to a signed webhook");
                        }
                    }
                    notes.add("HiBob refused the service user (401) for 30 s; 3 signed webhooks for employees HiBob "
                            + "does not have (dead-lettered after HIBOB_NOT_FOUND_GRACE, 60 s)");
                    TimeUnit.MILLISECONDS.sleep(Math.max(0, down.toMillis()
                            - Duration.between(stopped, Instant.now()).toMillis()));
                    stack.startSmtp();
                    return Instant.now();
                }, 3, "the credentials incident's alert and \"resolved\" mails, one digest of the 3 dead letters",
                "SMTP back", healLimit);
    }

    /** 6. Every webhook sent 3 times, employees interleaved at random (each one's own in order). */
    static FaultRun.Plan threeDeliveriesEach(int changes, double perSecond, long seed, Duration healLimit) {
        return new FaultRun.Plan("6. every webhook delivered 3 times, employees interleaved in random order", changes,
                perSecond, (stack, burst, notes) -> {
                    stack.hibob.deliverEachWebhook(3, new Random(seed));
                    Instant last = burst.awaitEnd(Duration.ofMinutes(10));
                    // Interleaving stops only once the copies are all out: each is still picked at random.
                    FaultRun.await(healLimit, () -> stack.hibob.webhookDeliveries().stream()
                            .noneMatch(delivery -> delivery.state() == WebhookDelivery.State.PENDING));
                    stack.hibob.deliverEachWebhook(1, null);
                    return last;
                }, 0, "none: nothing needs anyone", "the last change", healLimit);
    }

    /** 7. Hostile requests to the webhook endpoint while real deliveries flow; the burst runs until they end. */
    static final class HostileAttack implements FaultRun.Fault {

        private final int requests;
        private final Duration baseline;
        private final long seed;
        private Instant baselineStart;
        private Instant attackStart;
        private Instant attackEnd;
        private long serverErrorsBefore;
        HostileTraffic.Result traffic;

        HostileAttack(int requests, Duration baseline, long seed) {
            this.requests = requests;
            this.baseline = baseline;
            this.seed = seed;
        }

        FaultRun.Plan plan(double perSecond, Duration healLimit) {
            return new FaultRun.Plan("7. " + String.format(java.util.Locale.ROOT, "%,d", requests)
                    + " hostile requests to the webhook endpoint while real deliveries flow", Integer.MAX_VALUE,
                    perSecond, this, 0, "none: nothing is accepted from them", "the last hostile request", healLimit);
        }

        @Override
        public Instant inject(FaultStack stack, Burst burst, List<String> notes) throws Exception {
            baselineStart = Instant.now();
            // The same burst without an attack first: the figures to compare with.
            TimeUnit.MILLISECONDS.sleep(baseline.toMillis());
            serverErrorsBefore = ingestServerErrors(stack);
            attackStart = Instant.now();
            List<String> employees = stack.company.inHibob().stream().map(SimulatedEmployee::id).toList();
            traffic = new HostileTraffic("127.0.0.1", stack.ingestPort, FaultStack.SECRET, stack.hibob.companyId(),
                    employees, FaultStack.MAX_BODY_BYTES).run(requests, seed);
            attackEnd = Instant.now();
            burst.stop();
            notes.add("hostile requests: " + traffic);
            notes.add("by kind: " + traffic.byKind().entrySet().stream()
                    .map(entry -> entry.getKey().toLowerCase(java.util.Locale.ROOT) + " " + entry.getValue())
                    .collect(Collectors.joining("; ")));
            return attackEnd;
        }

        /** What the attack did to ingest and the real deliveries; call once the run has settled. */
        /**
         * Runs the attack beside real deliveries (half a change a second: within HiBob's search budget, so the two
         * windows compare like with like), adds it to the report, and answers what went wrong (nothing, if all is well).
         */
        List<String> runInto(FaultStack stack, FaultReport report, Duration healLimit) throws Exception {
            FaultRun.Result hostile = FaultRun.run(stack, plan(0.5, healLimit));
            report.add(hostile);
            List<String> problems = new ArrayList<>(hostile.problems());
            Figures figures = figures(stack);
            report.hostile(figures);
            if (figures.traffic().serverErrors() > 0 || figures.ingestServerErrors() > 0) {
                problems.add("hostile traffic got 5xx answers: " + figures.traffic().serverErrors() + " seen, "
                        + figures.ingestServerErrors() + " counted by ingest; " + figures.traffic().byKind());
            }
            if (figures.published() > 0) {
                problems.add(figures.published() + " record(s) on hibob-webhooks came from hostile requests");
            }
            return problems;
        }

        Figures figures(FaultStack stack) throws Exception {
            long serverErrors = ingestServerErrors(stack) - serverErrorsBefore;
            List<WebhookDelivery> all = stack.hibob.webhookDeliveries();
            Set<String> real = all.stream().map(delivery -> PipelineLedger.deliveryId(delivery.body()))
                    .collect(Collectors.toSet());
            long published = TopicReader.readAll(stack.broker.bootstrapServers(), Topics.HIBOB_WEBHOOKS,
                    Duration.ofSeconds(60)).stream()
                    .filter(record -> !Instant.parse(PipelineLedger.header(record, WebhookHeaders.RECEIVED_AT))
                            .isBefore(attackStart))
                    .filter(record -> !real.contains(PipelineLedger.header(record, WebhookHeaders.DELIVERY_ID)))
                    .count();
            List<Long> answerDuring = answerMillis(all, attackStart, attackEnd);
            List<Long> answerWithout = answerMillis(all, baselineStart, attackStart);
            List<Long> syncDuring = syncMillis(stack, attackStart, attackEnd);
            List<Long> syncWithout = syncMillis(stack, baselineStart, attackStart);
            return new Figures(traffic, serverErrors, published, answerDuring, answerWithout, syncDuring, syncWithout);
        }

        private static List<Long> answerMillis(List<WebhookDelivery> deliveries, Instant from, Instant to) {
            return deliveries.stream().filter(delivery -> !"ping".equals(delivery.type()))
                    .flatMap(delivery -> delivery.attempts().stream())
                    .filter(attempt -> !attempt.at().isBefore(from) && attempt.at().isBefore(to))
                    .map(WebhookDelivery.Attempt::millis).toList();
        }

        private static List<Long> syncMillis(FaultStack stack, Instant from, Instant to) {
            return stack.outcomes.matching(outcome -> outcome.receivedAt() != null
                    && !outcome.receivedAt().isBefore(from) && outcome.receivedAt().isBefore(to)).stream()
                    .map(SyncOutcome::latencyMillis).toList();
        }
    }

    /** The hostile traffic's line of the table. */
    record Figures(HostileTraffic.Result traffic, long ingestServerErrors, long published, List<Long> answerDuring,
            List<Long> answerWithout, List<Long> syncDuring, List<Long> syncWithout) {
    }

    /** ingest's own count of requests it answered with a 5xx (Micrometer's {@code http.server.requests}). */
    static long ingestServerErrors(FaultStack stack) throws Exception {
        try {
            String answer = stack.services.management(FaultStack.INGEST,
                    "/actuator/metrics/http.server.requests?tag=outcome:SERVER_ERROR");
            return (long) json.readTree(answer).path("measurements").get(0).path("value").asDouble();
        } catch (java.io.IOException noneYet) {
            if (noneYet.getMessage() != null && noneYet.getMessage().contains("answered 404")) {
                return 0;
            }
            throw noneYet;
        }
    }

    private static byte[] unknownEmployeeWebhook(FaultStack stack, int i) {
        return ("{\"companyId\":" + stack.hibob.companyId() + ",\"type\":\"employee.updated\",\"triggeredBy\":\"system\","
                + "\"triggeredAt\":\"" + Instant.now() + "\",\"version\":\"v2\",\"data\":{\"employeeId\":\""
                + (9_000_000_000_000_000_000L + i) + "\",\"fieldUpdates\":[]}}").getBytes(StandardCharsets.UTF_8);
    }

    private static int postSigned(FaultStack stack, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.ingestUrl()))
                .header("Content-Type", "application/json")
                .header("Bob-Signature", HostileTraffic.sign(body, FaultStack.SECRET))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static String seconds(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
