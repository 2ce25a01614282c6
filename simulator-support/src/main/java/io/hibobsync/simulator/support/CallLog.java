package io.hibobsync.simulator.support;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * The last calls a simulator answered, oldest first. Bounded so a long-running simulator
 * under load cannot run out of memory.
 */
public class CallLog {

    public static final int DEFAULT_CAPACITY = 10_000;

    private final int capacity;
    private final Deque<RecordedCall> calls = new ArrayDeque<>();

    public CallLog() {
        this(DEFAULT_CAPACITY);
    }

    public CallLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("call log capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    public synchronized void record(RecordedCall call) {
        if (calls.size() == capacity) {
            calls.removeFirst();
        }
        calls.addLast(call);
    }

    /** Every recorded call, oldest first. */
    public synchronized List<RecordedCall> calls() {
        return List.copyOf(calls);
    }

    /**
     * Recorded calls with this method (any when {@code null} or blank, case-insensitive) whose path starts
     * with {@code pathPrefix} (any when {@code null} or blank), oldest first.
     */
    public synchronized List<RecordedCall> calls(String method, String pathPrefix) {
        boolean anyMethod = method == null || method.isBlank();
        boolean anyPath = pathPrefix == null || pathPrefix.isBlank();
        String upperMethod = anyMethod ? null : method.trim().toUpperCase(Locale.ROOT);
        return calls.stream()
                .filter(call -> anyMethod || call.method().equals(upperMethod))
                .filter(call -> anyPath || call.path().startsWith(pathPrefix))
                .toList();
    }

    public synchronized void clear() {
        calls.clear();
    }

    public int capacity() {
        return capacity;
    }
}
