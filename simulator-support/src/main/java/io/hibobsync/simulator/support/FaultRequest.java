package io.hibobsync.simulator.support;

/**
 * Body of {@code POST /sim/faults}; every part optional.
 *
 * @param latencyMs         delay added to every simulated API call
 * @param status            status to answer instead of the real one
 * @param count             answer {@code status} for the next {@code count} calls
 * @param durationSeconds   answer {@code status} during this many seconds
 * @param retryAfterSeconds {@code Retry-After} header sent with the faulted answers (e.g. with 429)
 */
public record FaultRequest(Long latencyMs, Integer status, Integer count, Long durationSeconds,
                           Integer retryAfterSeconds) {
}
