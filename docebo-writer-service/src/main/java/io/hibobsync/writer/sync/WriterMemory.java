package io.hibobsync.writer.sync;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the writer remembers per employee, in memory for speed and written through a {@link Journal} so that a
 * restarted writer (or another instance) finds it again.
 */
public class WriterMemory {

    /** Where remembered states are made durable; {@code null} forgets an employee. */
    public interface Journal {
        void write(String employeeId, AppliedEmployee state);
    }

    private final Map<String, AppliedEmployee> byEmployeeId = new ConcurrentHashMap<>();
    private final Journal journal;

    public WriterMemory(Journal journal) {
        this.journal = journal;
    }

    public Optional<AppliedEmployee> recall(String employeeId) {
        return Optional.ofNullable(byEmployeeId.get(employeeId));
    }

    /** Employees whose Direct Manager link waits until {@code managerEmployeeId} has a Docebo user. */
    public List<AppliedEmployee> waitingFor(String managerEmployeeId) {
        return byEmployeeId.values().stream()
                .filter(state -> state.waitsForManager(managerEmployeeId) && state.doceboUserId() != null)
                .toList();
    }

    public int size() {
        return byEmployeeId.size();
    }

    void remember(AppliedEmployee state) {
        journal.write(state.employeeId(), state);
        byEmployeeId.put(state.employeeId(), state);
    }

    void forget(String employeeId) {
        journal.write(employeeId, null);
        byEmployeeId.remove(employeeId);
    }

    /**
     * A state read back from the journal (at start-up, or written by another instance). The journal is read
     * behind our own writes, so a state read no later than the one held is an echo of the past and is ignored.
     */
    public void restore(String employeeId, AppliedEmployee state) {
        if (state == null) {
            byEmployeeId.remove(employeeId);
        } else {
            byEmployeeId.merge(employeeId, state, (held, read) -> isNewer(read, held) ? read : held);
        }
    }

    private static boolean isNewer(AppliedEmployee read, AppliedEmployee held) {
        return held.readAt() == null || read.readAt() != null && read.readAt().isAfter(held.readAt());
    }
}
