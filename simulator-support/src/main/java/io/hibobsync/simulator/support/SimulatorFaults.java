package io.hibobsync.simulator.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The faults a simulator injects into its API answers: added latency, and a status (503, 429...) for the
 * next N calls, for a time window, or until cleared. Mirrors {@code /sim/faults}. Thread-safe.
 * <p>
 * One more, from Java only: {@link #delayAnswers(Duration)} handles each call at once (the change is made) but holds
 * its answer back, as a slow network or an overloaded gateway does: what a client killed while it waits never hears.
 */
public class SimulatorFaults {

    private final Clock clock;
    private Duration latency = Duration.ZERO;
    private Duration answerDelay = Duration.ZERO;
    private StatusFault statusFault;

    public SimulatorFaults() {
        this(Clock.systemUTC());
    }

    public SimulatorFaults(Clock clock) {
        this.clock = clock;
    }

    /** Delays every simulated API call by {@code latency} (replaces any latency set before). */
    public synchronized void addLatency(Duration latency) {
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative, was " + latency);
        }
        this.latency = latency;
    }

    /**
     * Handles every simulated API call as usual, then holds its answer back for {@code delay} before sending it
     * (replaces any delay set before; {@link Duration#ZERO} or {@link #clear()} ends it).
     */
    public synchronized void delayAnswers(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("answer delay must not be negative, was " + delay);
        }
        this.answerDelay = delay;
    }

    /** Answers {@code status} to the next {@code count} simulated API calls. */
    public void failNext(int status, int count) {
        setStatusFault(status, count, null, null);
    }

    /** Answers {@code status} to every simulated API call during {@code window}, starting now. */
    public void failFor(int status, Duration window) {
        setStatusFault(status, null, window, null);
    }

    /** Answers {@code status} to every simulated API call until {@link #clear()}. */
    public void failUntilCleared(int status) {
        setStatusFault(status, null, null, null);
    }

    /** Answers 429 with {@code Retry-After: retryAfterSeconds} to the next {@code count} calls. */
    public void rateLimitNext(int count, int retryAfterSeconds) {
        setStatusFault(429, count, null, retryAfterSeconds);
    }

    /** Answers 429 with {@code Retry-After: retryAfterSeconds} during {@code window}, starting now. */
    public void rateLimitFor(Duration window, int retryAfterSeconds) {
        setStatusFault(429, null, window, retryAfterSeconds);
    }

    /**
     * Applies a {@code POST /sim/faults} request: the latency when given, the status fault when a status is
     * given (count and window both given = whichever runs out first). Parts not given are left as they are.
     */
    public void apply(FaultRequest request) {
        boolean statusParts = request.count() != null || request.durationSeconds() != null
                || request.retryAfterSeconds() != null;
        if (request.status() == null && statusParts) {
            throw new IllegalArgumentException("count, durationSeconds and retryAfterSeconds need a status");
        }
        if (request.latencyMs() != null) {
            addLatency(Duration.ofMillis(request.latencyMs()));
        }
        if (request.status() != null) {
            setStatusFault(request.status(), request.count(),
                    request.durationSeconds() == null ? null : Duration.ofSeconds(request.durationSeconds()),
                    request.retryAfterSeconds());
        }
    }

    /** Removes every fault. */
    public synchronized void clear() {
        latency = Duration.ZERO;
        answerDelay = Duration.ZERO;
        statusFault = null;
    }

    public synchronized ActiveFaults current() {
        dropIfExpired();
        if (statusFault == null) {
            return new ActiveFaults(latency.toMillis(), null, null, null, null);
        }
        return new ActiveFaults(latency.toMillis(), statusFault.status, statusFault.remaining,
                statusFault.until, statusFault.retryAfterSeconds);
    }

    /** What to do to the call arriving now; counts it against a "next N calls" fault. */
    synchronized FaultDecision decideForCall() {
        dropIfExpired();
        if (statusFault == null) {
            return new FaultDecision(latency, Optional.empty(), Optional.empty(), answerDelay);
        }
        var decision = new FaultDecision(latency, Optional.of(statusFault.status),
                Optional.ofNullable(statusFault.retryAfterSeconds), answerDelay);
        if (statusFault.remaining != null) {
            statusFault.remaining--;
            dropIfExpired();
        }
        return decision;
    }

    private synchronized void setStatusFault(int status, Integer count, Duration window, Integer retryAfterSeconds) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be an HTTP status (100-599), was " + status);
        }
        if (count != null && count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was " + count);
        }
        if (window != null && (window.isNegative() || window.isZero())) {
            throw new IllegalArgumentException("duration must be positive, was " + window);
        }
        if (retryAfterSeconds != null && retryAfterSeconds < 0) {
            throw new IllegalArgumentException("retryAfterSeconds must not be negative, was " + retryAfterSeconds);
        }
        Instant until = window == null ? null : clock.instant().plus(window);
        statusFault = new StatusFault(status, count, until, retryAfterSeconds);
    }

    private void dropIfExpired() {
        if (statusFault == null) {
            return;
        }
        boolean countUsedUp = statusFault.remaining != null && statusFault.remaining <= 0;
        boolean windowOver = statusFault.until != null && !clock.instant().isBefore(statusFault.until);
        if (countUsedUp || windowOver) {
            statusFault = null;
        }
    }

    /** Mutable on purpose: the remaining count goes down call by call, always under the lock. */
    private static final class StatusFault {
        final int status;
        Integer remaining;
        final Instant until;
        final Integer retryAfterSeconds;

        StatusFault(int status, Integer remaining, Instant until, Integer retryAfterSeconds) {
            this.status = status;
            this.remaining = remaining;
            this.until = until;
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }

    record FaultDecision(Duration latency, Optional<Integer> status, Optional<Integer> retryAfterSeconds,
                         Duration answerDelay) {

        FaultDecision(Duration latency, Optional<Integer> status, Optional<Integer> retryAfterSeconds) {
            this(latency, status, retryAfterSeconds, Duration.ZERO);
        }
    }
}
