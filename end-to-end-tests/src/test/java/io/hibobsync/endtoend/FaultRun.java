package io.hibobsync.endtoend;

import io.hibobsync.simulator.hibob.WebhookDelivery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One fault scenario, measured: a burst of changes in HiBob, the fault injected in its middle, then the wait until
 * Docebo equals HiBob again (the time to heal), the wait until every stage has committed everything, and the
 * figures: webhooks acknowledged, lost ({@link PipelineLedger}), duplicate Docebo users and final state
 * ({@link StateCheck}), mails ({@link Mails}).
 * <p>
 * Healing is given up early once the pipeline has been idle for {@link #HOPELESS} with Docebo still different
 * (nothing is left that could change it: the suite runs no reconciliation).
 */
final class FaultRun {

    /**
     * Injects the fault while the burst runs, noting what is worth knowing about it; returns the instant the fault
     * ended, where healing starts.
     */
    @FunctionalInterface
    interface Fault {
        Instant inject(FaultStack stack, Burst burst, List<String> notes) throws Exception;
    }

    /** What a scenario asks for: the burst, the fault, the mails that should come of it, how long healing may take. */
    record Plan(String fault, int changes, double perSecond, Fault injection, int expectedMails, String mailsExpected,
            String healFrom, Duration healLimit) {
    }

    /** The row of the table, and what the notes say about it. */
    record Result(String fault, int acknowledged, long refusedAttempts, int givenUp, PipelineLedger.Losses lost,
            StateCheck.Result state, List<String> mails,
            int expectedMails, String mailsExpected, Duration heal, boolean healed, String healFrom, String mix,
            List<String> notes) {

        int duplicates() {
            return state.duplicates();
        }

        /** The targets: nothing lost or duplicated, Docebo = HiBob, the mails expected, healed in time. */
        List<String> problems() {
            List<String> problems = new ArrayList<>();
            if (lost.total() > 0) {
                problems.add(fault + ": lost " + lost);
            }
            if (!state.allMatch()) {
                problems.add(fault + ": final state differs from HiBob: " + state);
            }
            if (mails.size() != expectedMails) {
                problems.add(fault + ": " + mails.size() + " mail(s), expected " + expectedMails + " ("
                        + mailsExpected + "): " + mails);
            }
            if (!healed && state.allMatch()) {
                problems.add(fault + ": healed only after the limit of " + heal.toSeconds() + " s");
            }
            if (givenUp > 0) {
                problems.add(fault + ": HiBob gave up " + givenUp + " deliveries");
            }
            return problems;
        }
    }

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration SETTLE_LIMIT = Duration.ofMinutes(5);
    /** Idle this long and still different from HiBob: it will not heal. */
    static final Duration HOPELESS = Duration.ofSeconds(15);

    private FaultRun() {
    }

    static Result run(FaultStack stack, Plan plan) throws Exception {
        List<String> notes = new ArrayList<>();
        System.out.printf("%n=== fault scenario: %s ===%n", plan.fault());
        long lastDeliveryBefore = stack.hibob.webhookDeliveries().stream().mapToLong(WebhookDelivery::id).max()
                .orElse(0);
        int mailsBefore = stack.mails().size();
        Instant since = Instant.now();
        Map<Company.Kind, Integer> madeBefore = stack.company.made();
        Instant faultEnded;
        try (Burst burst = Burst.start(stack.company, plan.changes(), plan.perSecond())) {
            faultEnded = plan.injection().inject(stack, burst, notes);
            burst.awaitEnd(Duration.ofMinutes(15));
        }

        boolean healed = awaitHealed(stack, plan, lastDeliveryBefore, mailsBefore);
        Duration heal = Duration.between(faultEnded, Instant.now());
        System.out.printf("%s: %s after %d s%n", plan.fault(), healed ? "healed" : "NOT healed", heal.toSeconds());
        settle(stack);

        List<WebhookDelivery> deliveries = deliveriesSince(stack, lastDeliveryBefore);
        List<WebhookDelivery> acknowledged = deliveries.stream()
                .filter(d -> d.state() == WebhookDelivery.State.DELIVERED).toList();
        long refused = deliveries.stream().flatMap(d -> d.attempts().stream())
                .filter(attempt -> attempt.status() < 200 || attempt.status() > 299).count();
        int givenUp = (int) deliveries.stream().filter(d -> d.state() == WebhookDelivery.State.FAILED).count();
        PipelineLedger.Losses lost = PipelineLedger.follow(stack.broker.bootstrapServers(), acknowledged, since);
        StateCheck.Result state = stateNow(stack);
        stack.wrongSinceEarlier.addAll(state.wrong());
        List<String> mails = Mails.subjects(stack.mails().subList(mailsBefore, stack.mails().size()));
        Result result = new Result(plan.fault(), acknowledged.size(), refused, givenUp, lost, state, mails,
                plan.expectedMails(),
                plan.mailsExpected(), heal, healed, plan.healFrom(), Company.mix(madeBefore, stack.company.made()),
                List.copyOf(notes));
        System.out.printf("%s: acknowledged %d (%d attempts refused), lost %s, %s, mails %s%n", plan.fault(),
                result.acknowledged(), refused, lost, state, mails);
        return result;
    }

    /**
     * Until Docebo equals HiBob, HiBob has delivered everything and the mails expected came; false when the limit
     * passes, or when the pipeline has been idle for {@link #HOPELESS} without that.
     */
    private static boolean awaitHealed(FaultStack stack, Plan plan, long lastDeliveryBefore, int mailsBefore)
            throws Exception {
        long deadline = System.nanoTime() + plan.healLimit().toNanos();
        long idleSince = 0;
        int outcomes = -1;
        long lastIdleCheck = 0;
        while (System.nanoTime() < deadline) {
            boolean pending = deliveriesSince(stack, lastDeliveryBefore).stream()
                    .anyMatch(d -> d.state() == WebhookDelivery.State.PENDING);
            int mails = stack.mails().size() - mailsBefore;
            if (!pending && stateNow(stack).allMatch() && mails >= plan.expectedMails()) {
                return true;
            }
            if (System.nanoTime() - lastIdleCheck > 2_000_000_000L) {
                lastIdleCheck = System.nanoTime();
                int now = stack.outcomes.all().size();
                boolean idle = !pending && now == outcomes && stack.pipelineLag() == 0;
                outcomes = now;
                idleSince = idle ? (idleSince == 0 ? System.nanoTime() : idleSince) : 0;
                if (idleSince != 0 && System.nanoTime() - idleSince > HOPELESS.toNanos()) {
                    System.out.printf("%s: idle for %d s and still %s; giving up%n", plan.fault(),
                            HOPELESS.toSeconds(), stateNow(stack));
                    return false;
                }
            }
            TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
        }
        return false;
    }

    /**
     * Hires the whole company in HiBob at once (its webhooks bring everyone into Docebo), waits until Docebo equals
     * HiBob and the pipeline is idle; how long that took.
     */
    static Duration initialLoad(FaultStack stack, int employees, Duration limit) throws Exception {
        Instant started = Instant.now();
        stack.company.hireEveryone(employees);
        boolean loaded = await(limit, () -> stateNow(stack).allMatch() && stack.hibob.webhookDeliveries().stream()
                .noneMatch(delivery -> delivery.state() == WebhookDelivery.State.PENDING));
        if (!loaded) {
            throw new IllegalStateException("The company of " + employees + " was not in Docebo within " + limit + ": "
                    + stateNow(stack));
        }
        Duration took = Duration.between(started, Instant.now());
        settle(stack);
        System.out.printf("Company of %d in Docebo after %d s%n", employees, took.toSeconds());
        return took;
    }

    /** Until every stage committed everything and nothing new came for a few seconds. */
    static void settle(FaultStack stack) throws Exception {
        long deadline = System.nanoTime() + SETTLE_LIMIT.toNanos();
        int quiet = 0;
        int outcomes = -1;
        while (quiet < 4) {
            int now = stack.outcomes.all().size();
            boolean idle = stack.pipelineLag() == 0 && now == outcomes;
            quiet = idle ? quiet + 1 : 0;
            outcomes = now;
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The pipeline did not settle within " + SETTLE_LIMIT + " (lag by "
                        + "consumer group: " + stack.lagByGroup() + ")");
            }
            TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
        }
    }

    static StateCheck.Result stateNow(FaultStack stack) {
        return StateCheck.compare(stack.company.inHibob(), stack.company.deleted(), stack.docebo.users(),
                stack.wrongSinceEarlier);
    }

    static List<WebhookDelivery> deliveriesSince(FaultStack stack, long lastDeliveryBefore) {
        return stack.hibob.webhookDeliveries().stream()
                .filter(d -> d.id() > lastDeliveryBefore && !"ping".equals(d.type())).toList();
    }

    /** Polls {@code condition} until it holds or {@code timeout} passes; whether it held. */
    static boolean await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
        }
        return true;
    }
}
