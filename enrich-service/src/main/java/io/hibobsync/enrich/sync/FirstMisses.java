package io.hibobsync.enrich.sync;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * When HiBob first answered that it has no such employee, per employee and their newest webhook. The grace for a
 * new hire to become readable ({@code HIBOB_NOT_FOUND_GRACE}) counts from that first miss, not only from the
 * webhook's receipt: a webhook read late (after a broker outage, behind a backlog) is not given up at its first
 * read, because the employee may have been deleted meanwhile with the deletion's own webhook still on its way, and
 * giving up would mail the administrator about nothing. At most {@link #CAPACITY} employees, least recently used
 * forgotten first (a forgotten miss only restarts its grace). Shared by the consumer threads.
 */
final class FirstMisses {

    static final int CAPACITY = 5_000;

    private record Miss(String deliveryId, Instant at) {
    }

    private final LinkedHashMap<String, Miss> misses = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Miss> eldest) {
            return size() > CAPACITY;
        }
    };

    /** When HiBob first did not return the employee for the webhook {@code deliveryId}: {@code now} if it is new. */
    synchronized Instant since(String employeeId, String deliveryId, Instant now) {
        Miss miss = misses.get(employeeId);
        if (miss == null || !miss.deliveryId().equals(deliveryId)) {
            miss = new Miss(deliveryId, now);
            misses.put(employeeId, miss);
        }
        return miss.at();
    }

    /** HiBob returned the employee, or their webhooks are decided: a later miss starts its grace afresh. */
    synchronized void forget(String employeeId) {
        misses.remove(employeeId);
    }
}
