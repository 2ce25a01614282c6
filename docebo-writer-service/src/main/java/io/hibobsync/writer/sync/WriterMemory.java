package io.hibobsync.writer.sync;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the writer remembers per employee, in memory for speed and written through a {@link Journal} so that a
 * restarted writer (or another instance) finds it again. Every state names its Docebo user, so the journal holds
 * the link both ways; here it is also indexed by Docebo user id, to tell who owns a user found in Docebo.
 */
public class WriterMemory {

    /** Where remembered states are made durable: written as they come, all acknowledged by {@link #flush()}. */
    public interface Journal {
        void write(String employeeId, AppliedEmployee state);

        /** Waits until every state written so far is durable; throws if one could not be. */
        default void flush() {
        }
    }

    private final Map<String, AppliedEmployee> byEmployeeId = new ConcurrentHashMap<>();
    private final Map<String, String> employeeIdByUserId = new ConcurrentHashMap<>();
    private final Journal journal;

    public WriterMemory(Journal journal) {
        this.journal = journal;
    }

    public Optional<AppliedEmployee> recall(String employeeId) {
        return Optional.ofNullable(byEmployeeId.get(employeeId));
    }

    /** The employee linked to this Docebo user, if any. */
    public Optional<String> ownerOf(String doceboUserId) {
        return Optional.ofNullable(employeeIdByUserId.get(doceboUserId));
    }

    /** Employees whose Direct Manager link waits for one of {@code managerEmployeeIds}, in one pass over the memory. */
    public List<AppliedEmployee> waitingForAny(java.util.Set<String> managerEmployeeIds) {
        return byEmployeeId.values().stream()
                .filter(state -> state.applied() != null && state.applied().managerEmployeeId() != null
                        && managerEmployeeIds.contains(state.applied().managerEmployeeId())
                        && state.waitsForManager(state.applied().managerEmployeeId()))
                .toList();
    }

    /** Makes every state remembered so far durable: before the records that caused them are committed. */
    public void flush() {
        journal.flush();
    }

    /**
     * The employees whose records Kafka's default partitioner puts on {@code partition} of {@code partitions}:
     * a full sync's markers come per partition, and each writer instance owns some.
     */
    public List<AppliedEmployee> onPartition(int partition, int partitions) {
        return byEmployeeId.values().stream()
                .filter(state -> org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils
                        .murmur2(state.employeeId().getBytes(java.nio.charset.StandardCharsets.UTF_8))) % partitions
                        == partition)
                .toList();
    }

    /** How many of those are active. */
    public int activeUsers() {
        return (int) byEmployeeId.values().stream()
                .filter(state -> state.hasUser() && state.applied() != null && !Boolean.FALSE.equals(state.applied().active()))
                .count();
    }

    /** How many Docebo users the sync owns (linked to an employee). */
    public int ownedUsers() {
        return employeeIdByUserId.size();
    }

    public int size() {
        return byEmployeeId.size();
    }

    void remember(AppliedEmployee state) {
        journal.write(state.employeeId(), state);
        put(state);
    }

    /**
     * A state read back from the journal (at start-up, or written by another instance). The journal is read
     * behind our own writes, so a state read no later than the one held is an echo of the past and is ignored;
     * except the mark of a write left unanswered, which comes with the same read time as the state it marks (at
     * worst an echo of it makes the next change write every field again, which costs no call).
     * {@code null} is a tombstone (written by versions that forgot deleted employees).
     */
    public void restore(String employeeId, AppliedEmployee state) {
        if (state == null) {
            AppliedEmployee removed = byEmployeeId.remove(employeeId);
            if (removed != null && removed.hasUser()) {
                employeeIdByUserId.remove(removed.doceboUserId(), employeeId);
            }
            return;
        }
        AppliedEmployee held = byEmployeeId.get(employeeId);
        if (held == null || isNewer(state, held) || marksUnansweredWrite(state, held)) {
            put(state);
        }
    }

    private synchronized void put(AppliedEmployee state) {
        AppliedEmployee previous = byEmployeeId.put(state.employeeId(), state);
        if (previous != null && previous.hasUser() && !Objects.equals(previous.doceboUserId(), state.doceboUserId())) {
            employeeIdByUserId.remove(previous.doceboUserId(), state.employeeId());
        }
        if (state.hasUser()) {
            employeeIdByUserId.put(state.doceboUserId(), state.employeeId());
        }
    }

    private static boolean marksUnansweredWrite(AppliedEmployee read, AppliedEmployee held) {
        return read.writeUnconfirmed() && !held.writeUnconfirmed() && Objects.equals(read.readAt(), held.readAt());
    }

    private static boolean isNewer(AppliedEmployee read, AppliedEmployee held) {
        return held.readAt() == null || read.readAt() != null && read.readAt().isAfter(held.readAt());
    }
}
