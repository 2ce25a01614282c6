package io.hibobsync.simulator.hibob.webhook;

import io.hibobsync.simulator.hibob.HibobSimulatorProperties.Webhook;
import io.hibobsync.simulator.hibob.WebhookDelivery;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends webhooks like HiBob v2: in order, one at a time, off the caller's thread, retrying a delivery that
 * got a non-2xx answer with exponential back-off before the next one goes out. Gives up after the
 * configured attempts (real HiBob keeps trying for 3 days, which no test wants).
 * <p>
 * For fault tests, {@link #deliverEach(int, Random)} makes it send every webhook several times (each copy a
 * delivery of its own, the same bytes and signature) and take the next delivery from a randomly chosen employee
 * among those with deliveries waiting: one employee's deliveries keep their order, different employees'
 * interleave at random.
 */
public final class WebhookDispatcher implements AutoCloseable {

    /** HiBob's {@code triggeredAt}: local-looking, microseconds, no zone. */
    static final DateTimeFormatter TRIGGERED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");

    private final long companyId;
    private final WebhookTarget target;
    private final WebhookHttp http;
    private final WebhookDeliveryLog log;
    private final JsonMapper json;
    private final ExponentialBackOff backOff;
    // One thread owns the queue, which is what keeps deliveries in order.
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(runnable -> {
        var thread = new Thread(runnable, "hibob-sim-webhooks");
        thread.setDaemon(true);
        return thread;
    });
    private final Deque<Pending> queue = new ArrayDeque<>();
    private Pending inFlight;
    private ScheduledFuture<?> retry;
    // How many times each webhook is sent (read on the caller's thread), and the random order, if any (the sender's).
    private volatile int copies = 1;
    private Random interleaving;

    public WebhookDispatcher(long companyId, WebhookTarget target, WebhookHttp http, WebhookDeliveryLog log, JsonMapper json,
                      Webhook settings) {
        this.companyId = companyId;
        this.target = target;
        this.http = http;
        this.log = log;
        this.json = json;
        this.backOff = new ExponentialBackOff(settings.initialBackoff().toMillis(), 2.0);
        this.backOff.setMaxInterval(settings.maxBackoff().toMillis());
        this.backOff.setMaxAttempts(settings.maxAttempts() - 1L);
    }

    /** Queues the event for its webhook; does nothing when no webhook is registered, as in HiBob. */
    public void send(WebhookEvent event) {
        target.registration().ifPresent(registration -> {
            byte[] body = envelope(event);
            String signature = WebhookSignature.sign(body, registration.secret());
            for (int copy = 0; copy < copies; copy++) {
                var delivery = log.start(event.type(), event.employeeId(), registration.url(), "application/json",
                        new String(body, StandardCharsets.UTF_8), signature);
                var pending = new Pending(delivery.id(), event.employeeId(), registration.url(), body, signature,
                        backOff.start());
                sender.execute(() -> enqueue(pending));
            }
        });
    }

    /**
     * From now on, sends each webhook {@code times} times; with an {@code order}, the next delivery is the first
     * waiting one of an employee picked at random ({@code null}: strictly in the order of the changes).
     */
    public void deliverEach(int times, Random order) {
        if (times < 1) {
            throw new IllegalArgumentException("a webhook is sent at least once, was " + times);
        }
        copies = times;
        sender.execute(() -> interleaving = order);
    }

    /** Drops whatever is waiting or being retried; each webhook is sent once again, in order. */
    public void clear() {
        copies = 1;
        sender.execute(() -> {
            queue.clear();
            inFlight = null;
            interleaving = null;
            if (retry != null) {
                retry.cancel(false);
                retry = null;
            }
        });
    }

    byte[] envelope(WebhookEvent event) {
        var envelope = new LinkedHashMap<String, Object>();
        envelope.put("companyId", companyId);
        envelope.put("type", event.type());
        envelope.put("triggeredBy", event.triggeredBy());
        envelope.put("triggeredAt", TRIGGERED_AT.format(event.triggeredAt()));
        envelope.put("version", "v2");
        envelope.put("data", event.data());
        return json.writeValueAsBytes(envelope);
    }

    private void enqueue(Pending pending) {
        queue.addLast(pending);
        if (inFlight == null) {
            sendNext();
        }
    }

    private void sendNext() {
        inFlight = nextInLine();
        if (inFlight != null) {
            attempt(inFlight);
        }
    }

    /** The oldest waiting delivery; interleaving, the oldest of an employee chosen at random among those waiting. */
    private Pending nextInLine() {
        if (interleaving == null || queue.size() < 2) {
            return queue.pollFirst();
        }
        List<Pending> firstOfEach = new ArrayList<>();
        Set<String> employees = new HashSet<>();
        for (Pending pending : queue) {
            if (employees.add(Objects.toString(pending.employeeId))) {
                firstOfEach.add(pending);
            }
        }
        Pending chosen = firstOfEach.get(interleaving.nextInt(firstOfEach.size()));
        queue.removeFirstOccurrence(chosen);
        return chosen;
    }

    private void attempt(Pending pending) {
        if (pending != inFlight) {
            return;
        }
        var attempt = http.post(pending.url, "application/json", pending.body, pending.signature);
        if (WebhookHttp.succeeded(attempt)) {
            log.recordAttempt(pending.deliveryId, attempt, WebhookDelivery.State.DELIVERED);
            sendNext();
            return;
        }
        long wait = pending.backOff.nextBackOff();
        if (wait == BackOffExecution.STOP) {
            log.recordAttempt(pending.deliveryId, attempt, WebhookDelivery.State.FAILED);
            sendNext();
            return;
        }
        log.recordAttempt(pending.deliveryId, attempt, WebhookDelivery.State.PENDING);
        retry = sender.schedule(() -> attempt(pending), wait, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        sender.shutdownNow();
    }

    private record Pending(long deliveryId, String employeeId, String url, byte[] body, String signature,
                           BackOffExecution backOff) {
    }
}
