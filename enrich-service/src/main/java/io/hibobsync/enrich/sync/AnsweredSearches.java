package io.hibobsync.enrich.sync;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * When HiBob last answered enrich-service's searches, for the grace of an employee HiBob does not return
 * ({@code HIBOB_NOT_FOUND_GRACE}): it counts from the webhook's receipt, or from the first search HiBob answered after
 * it if that came later. A webhook that waited while nothing could be read (the broker down, the service user
 * refused, enrich-service stopped) thus gets the whole grace once reading resumes: the employee may have been deleted
 * meanwhile, with the deletion's own webhook still on its way, and giving up at the first read would mail the
 * administrator about nothing. A webhook that waited behind another employee's grace (searches went on) gets no
 * second grace, so several missing employees are given up together, not one grace after another.
 * <p>
 * At most {@link #CAPACITY} times, oldest forgotten first: a receipt before all of them counts from the oldest.
 * Shared by the consumer threads.
 */
final class AnsweredSearches {

    static final int CAPACITY = 1_000;

    private final ArrayDeque<Instant> answered = new ArrayDeque<>();

    synchronized void answered(Instant at) {
        if (answered.isEmpty() || !at.isBefore(answered.getLast())) {
            answered.addLast(at);
        }
        if (answered.size() > CAPACITY) {
            answered.removeFirst();
        }
    }

    /** The first answer at or after {@code since}; {@code since} itself when none is known. */
    synchronized Instant firstSince(Instant since) {
        Iterator<Instant> latestFirst = answered.descendingIterator();
        Instant first = null;
        while (latestFirst.hasNext()) {
            Instant at = latestFirst.next();
            if (at.isBefore(since)) {
                break;
            }
            first = at;
        }
        return first == null ? since : first;
    }
}
