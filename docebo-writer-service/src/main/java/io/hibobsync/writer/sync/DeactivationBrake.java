package io.hibobsync.writer.sync;

import io.hibobsync.contracts.ConfigurationAlert;
import io.hibobsync.contracts.HeldAction;
import io.hibobsync.contracts.SyncOutcome.Action;
import io.hibobsync.kafka.AlertSender;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The safety brake. Many deactivations or deletions at once more often mean a fault than that many leavers: a
 * HiBob permission change hides a department, a bulk edit goes wrong. So within any rolling hour the writer
 * deactivates or deletes at most {@code max(maxCount, maxPercent % of the users it owns)}; beyond that each one
 * is <b>held</b>: not written, kept on {@code sync-held} (it survives restarts), one alert says what is held
 * and why it may be wrong, and an administrator approves or rejects exactly the held set
 * ({@code sync-replay held}). A newer snapshot of a held employee supersedes the held action.
 */
public class DeactivationBrake {

    /** Where held actions are kept durably. */
    public interface HeldStore {
        Optional<HeldAction> held(String employeeId);

        void hold(HeldAction action);

        void release(String employeeId);

        Collection<HeldAction> all();
    }

    private static final Logger log = LoggerFactory.getLogger(DeactivationBrake.class);
    private static final Duration WINDOW = Duration.ofHours(1);
    private static final String SERVICE = "docebo-writer-service";

    private final int maxCount;
    private final int maxPercent;
    private final HeldStore store;
    private final WriterMemory memory;
    private final AlertSender alerts;
    private final Clock clock;
    private final Deque<Instant> recent = new ArrayDeque<>();
    private boolean alerted;

    public DeactivationBrake(int maxCount, int maxPercent, HeldStore store, WriterMemory memory, AlertSender alerts,
            Clock clock) {
        this.maxCount = maxCount;
        this.maxPercent = maxPercent;
        this.store = store;
        this.memory = memory;
        this.alerts = alerts;
        this.clock = clock;
    }

    /** How many deactivations and deletions a rolling hour may hold: more than both figures is suspicious. */
    public int threshold() {
        return Math.max(maxCount, (int) ((long) memory.ownedUsers() * maxPercent / 100));
    }

    /** How many more deactivations or deletions this hour may make before the brake holds them. */
    public synchronized int allowance() {
        Instant now = clock.instant();
        while (!recent.isEmpty() && !recent.peekFirst().plus(WINDOW).isAfter(now)) {
            recent.removeFirst();
        }
        return Math.max(0, threshold() - recent.size());
    }

    /**
     * Of these destructive changes, the ones within this hour's allowance, which proceed; the others are held
     * and their HELD outcome given.
     */
    synchronized List<Change> admit(List<Change> destructive, UserSync.Results results) {
        Instant now = clock.instant();
        while (!recent.isEmpty() && !recent.peekFirst().plus(WINDOW).isAfter(now)) {
            recent.removeFirst();
        }
        int threshold = threshold();
        List<Change> proceed = new ArrayList<>();
        List<Change> held = new ArrayList<>();
        for (Change change : destructive) {
            if (recent.size() < threshold) {
                recent.addLast(now);
                proceed.add(change);
            } else {
                held.add(change);
            }
        }
        if (!held.isEmpty()) {
            hold(held, results, (recent.size() + held.size()) + " deactivations or deletions within an hour, more "
                    + "than " + threshold + " (the larger of " + maxCount + " and " + maxPercent + " % of the "
                    + memory.ownedUsers() + " users the sync owns)");
        }
        return proceed;
    }

    /** Holds all of these: a full sync that would deactivate more than the threshold on its own. */
    synchronized void holdAll(List<Change> destructive, UserSync.Results results, String reason) {
        hold(destructive, results, reason);
    }

    private void hold(List<Change> held, UserSync.Results results, String reason) {
        Instant now = clock.instant();
        for (Change change : held) {
            store.hold(new HeldAction(change.employeeId(), change.current.userId(), change.username(), change.action,
                    change.employee, now, reason));
            results.applied(change.employee, change.outcome(Action.HELD, change.current.userId(), "held by the "
                    + "safety brake: " + reason + "; approve or reject with sync-replay held", now));
        }
        log.warn("Safety brake: held {} {} ({}); {} held in all", held.size(),
                held.size() == 1 ? "deactivation or deletion" : "deactivations or deletions", reason, store.all().size());
        alertHeld(reason);
    }

    /** Whether {@code readAt} comes before the snapshot of a held action: then it must not supersede it. */
    boolean isOlderThanHeld(String employeeId, Instant readAt) {
        return store.held(employeeId)
                .map(held -> readAt != null && held.snapshot().readAt() != null && readAt.isBefore(held.snapshot().readAt()))
                .orElse(false);
    }

    public Optional<HeldAction> held(String employeeId) {
        return store.held(employeeId);
    }

    /** The held action of this employee is done with (approved, rejected, or superseded by a newer change). */
    public synchronized void release(String employeeId, String why) {
        if (store.held(employeeId).isEmpty()) {
            return;
        }
        store.release(employeeId);
        log.info("Held action of employee {} released: {}", employeeId, why);
        if (store.all().isEmpty() && alerted) {
            alerted = !alerts.send(new ConfigurationAlert(SERVICE, "Docebo", 0, "Nothing is held by the safety brake "
                    + "any more (the last held action: " + why + ").", clock.instant(), true,
                    ConfigurationAlert.Kind.HELD));
        }
    }

    public synchronized Collection<HeldAction> heldActions() {
        return List.copyOf(store.all());
    }

    private void alertHeld(String reason) {
        if (alerted) {
            return;
        }
        Collection<HeldAction> all = store.all();
        String some = all.stream().limit(20)
                .map(action -> action.username() + " (employee " + action.employeeId() + ", " + action.action() + ")")
                .collect(Collectors.joining(", "));
        alerted = alerts.send(new ConfigurationAlert(SERVICE, "Docebo", all.size(), "The safety brake holds "
                + all.size() + " deactivation(s) or deletion(s) in Docebo: " + reason + ". That many at once often "
                + "means a fault rather than leavers: a HiBob permission change that hides a department (its people "
                + "then look terminated or gone), or a bulk edit gone wrong. Check them against HiBob, then approve "
                + "or reject exactly the held set. Held: " + some + (all.size() > 20 ? ", ..." : "") + ".",
                clock.instant(), false, ConfigurationAlert.Kind.HELD));
    }
}
