package io.hibobsync.endtoend;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Changes made in HiBob at a steady rate, in a thread of their own, while a scenario injects its fault: a burst of
 * the company's change mix ({@link Company#change()}), up to a number of changes or until stopped.
 */
final class Burst implements AutoCloseable {

    private final Company company;
    private final int changes;
    private final double perSecond;
    private final Thread thread;
    private volatile int made;
    private volatile boolean stopped;
    private volatile Instant endedAt;
    private volatile RuntimeException failure;

    private Burst(Company company, int changes, double perSecond) {
        this.company = company;
        this.changes = changes;
        this.perSecond = perSecond;
        this.thread = new Thread(this::run, "fault-burst");
        this.thread.setDaemon(true);
    }

    /** Starts making {@code changes} changes, {@code perSecond} a second ({@link Integer#MAX_VALUE}: until stopped). */
    static Burst start(Company company, int changes, double perSecond) {
        Burst burst = new Burst(company, changes, perSecond);
        burst.thread.start();
        return burst;
    }

    private void run() {
        long start = System.nanoTime();
        long interval = (long) (1e9 / perSecond);
        try {
            for (int i = 0; i < changes && !stopped; i++) {
                long wait = start + i * interval - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                company.change();
                made = i + 1;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            endedAt = Instant.now();
        }
    }

    int made() {
        return made;
    }

    /** Waits until {@code count} changes are made (or the burst ended); the fault goes in then: mid-burst. */
    void awaitMade(int count) throws InterruptedException {
        while (made < count && thread.isAlive()) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        check();
    }

    /** Ends a burst that runs until stopped. */
    void stop() {
        stopped = true;
    }

    /** Waits for the last change; when it was made. */
    Instant awaitEnd(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
        if (thread.isAlive()) {
            throw new IllegalStateException("The burst did not end within " + timeout);
        }
        check();
        return endedAt;
    }

    private void check() {
        if (failure != null) {
            throw new IllegalStateException("A change in HiBob failed: " + failure.getMessage(), failure);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        thread.join(10_000);
    }
}
