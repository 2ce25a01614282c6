package io.hibobsync.simulator.support;

import java.time.Instant;

/**
 * The faults in force, as {@code GET /sim/faults} shows them.
 *
 * @param latencyMs         delay added to every simulated API call (0 = none)
 * @param status            status answered instead of the real one, {@code null} when none
 * @param remainingCount    how many more calls get {@code status}, {@code null} when not counted
 * @param activeUntil       when the status window ends, {@code null} when not timed
 * @param retryAfterSeconds {@code Retry-After} sent with faulted answers, {@code null} when none
 */
public record ActiveFaults(long latencyMs, Integer status, Integer remainingCount, Instant activeUntil,
                           Integer retryAfterSeconds) {

    static final ActiveFaults NONE = new ActiveFaults(0, null, null, null, null);
}
