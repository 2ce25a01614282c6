package io.hibobsync.simulator.docebo;

import java.util.List;

/**
 * Everything the simulated platform holds, as {@code GET /sim/state} shows it.
 *
 * @param importRunning          a batch import or branch change is being processed now
 * @param refusedConcurrentCalls batch or branch calls refused because another was running (a client bug)
 */
public record SimulatorState(
        List<DoceboUser> users,
        List<DoceboBranch> branches,
        int rateLimitPerHour,
        int callsInLastHour,
        boolean importRunning,
        int refusedConcurrentCalls) {
}
