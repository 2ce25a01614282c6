package io.hibobsync.enrich.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The successful reads of a poll that failed, for the records of it that are delivered again: a retry then searches
 * only for the employees that were not read, not again for those already read (HiBob allows 50 searches a minute).
 * <p>
 * A read is reused only when it is as good as a new read would have been for those records:
 * <ul>
 *   <li>it was made for exactly these records (partition and offset): every one of them had been received before the
 *       read was made, so it answers each of them as well as any read could. A change in HiBob after the read has a
 *       webhook of its own, a record at a later offset: in the same poll it makes the read unusable (the employee is
 *       searched again), in a later poll it gets its own read;</li>
 *   <li>nothing newer was published for the employee since (the {@link PublishedMemory} read time is not later);</li>
 *   <li>it is at most {@link #KEPT_FOR} old, and the snapshot carries its real read time, so the writer still orders
 *       it against anything else (it skips a snapshot read before the one it applied).</li>
 * </ul>
 * A reused read is checked for staleness like a new one (and read again if it looks stale). Reads that decided
 * nothing (an employee not found, a deletion not confirmed) are never kept: their retry exists to read again.
 * At most {@link #CAPACITY} employees, least recently used forgotten first. Shared by the consumer threads.
 */
final class RecentReads {

    static final Duration KEPT_FOR = Duration.ofMinutes(10);
    static final int CAPACITY = 5_000;

    private final Clock clock;
    private final LinkedHashMap<String, Read> reads = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Read> eldest) {
            return size() > CAPACITY;
        }
    };

    RecentReads(Clock clock) {
        this.clock = clock;
    }

    /** One employee as HiBob answered, when, and the records (partition@offset) the read was made for. */
    record Read(JsonNode employee, Instant readAt, Set<String> positions, Instant keptAt) {
    }

    synchronized void keep(String employeeId, JsonNode employee, Instant readAt, Set<String> positions) {
        reads.put(employeeId, new Read(employee, readAt, Set.copyOf(positions), clock.instant()));
    }

    synchronized void forget(String employeeId) {
        reads.remove(employeeId);
    }

    /**
     * The read kept for this employee if it was made for all of {@code positions}, is recent, and is not older than
     * {@code lastPublished} (the read time of what was last published for them, {@code null} when unknown); else
     * {@code null}.
     */
    synchronized Read reusable(String employeeId, Collection<String> positions, Instant lastPublished) {
        Read read = reads.get(employeeId);
        if (read == null) {
            return null;
        }
        if (!clock.instant().isBefore(read.keptAt().plus(KEPT_FOR))) {
            reads.remove(employeeId);
            return null;
        }
        if (!read.positions().containsAll(positions)
                || (lastPublished != null && lastPublished.isAfter(read.readAt()))) {
            return null;
        }
        return read;
    }

    synchronized int size() {
        return reads.size();
    }
}
