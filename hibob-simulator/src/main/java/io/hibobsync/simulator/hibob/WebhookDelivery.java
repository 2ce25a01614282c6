package io.hibobsync.simulator.hibob;

import java.time.Instant;
import java.util.List;

/**
 * One webhook the simulator sent (or is still trying to send), with every attempt.
 *
 * @param id          order of sending, from 1
 * @param type        event type ({@code employee.updated}...), or {@code ping} for the connection test
 * @param employeeId  the employee concerned, {@code null} for pings
 * @param url         where it was sent
 * @param contentType {@code application/json}, or {@code text/plain} for the plain-text ping
 * @param body        the exact body sent
 * @param signature   the {@code Bob-Signature} header sent
 * @param state       whether it got a 2xx, is still being retried, or was given up
 * @param attempts    every attempt, oldest first
 */
public record WebhookDelivery(long id, String type, String employeeId, String url, String contentType, String body,
                              String signature, State state, List<Attempt> attempts) {

    public enum State { PENDING, DELIVERED, FAILED }

    /**
     * @param at     when the attempt was made
     * @param status HTTP status received, 0 when there was no answer (connection refused, timeout)
     * @param error  what went wrong without an answer, else {@code null}
     * @param millis how long the receiver took to answer (or the attempt took to fail)
     */
    public record Attempt(Instant at, int status, String error, long millis) {

        public Attempt(Instant at, int status, String error) {
            this(at, status, error, 0);
        }
    }
}
