package io.hibobsync.writer.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * Records sent without waiting for each (a poll's outcomes, memory states, plan entries), acknowledged all
 * together before the poll's offsets are committed: one round trip per poll instead of one per record.
 */
final class PendingSends {

    private static final long TIMEOUT_SECONDS = 30;

    private final String topic;
    private final Queue<CompletableFuture<?>> pending = new ConcurrentLinkedQueue<>();

    PendingSends(String topic) {
        this.topic = topic;
    }

    void add(CompletableFuture<?> send) {
        pending.add(send);
    }

    /** Waits for every send so far; throws, naming the topic, if one failed. */
    void awaitAll() {
        List<CompletableFuture<?>> sent = new ArrayList<>();
        CompletableFuture<?> one;
        while ((one = pending.poll()) != null) {
            sent.add(one);
        }
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // Thrown into the listener: the poll is retried, and what was written is found again.
            throw new IllegalStateException("Could not write to " + topic + ": " + e.getMessage(), e);
        }
    }
}
