package io.hibobsync.simulator.hibob;

import io.hibobsync.simulator.hibob.HibobSimulatorProperties.Webhook;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
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
 */
final class WebhookDispatcher implements AutoCloseable {

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

    WebhookDispatcher(long companyId, WebhookTarget target, WebhookHttp http, WebhookDeliveryLog log, JsonMapper json,
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
    void send(WebhookEvent event) {
        target.registration().ifPresent(registration -> {
            byte[] body = envelope(event);
            String signature = WebhookSignature.sign(body, registration.secret());
            var delivery = log.start(event.type(), event.employeeId(), registration.url(), "application/json",
                    new String(body, StandardCharsets.UTF_8), signature);
            var pending = new Pending(delivery.id(), registration.url(), body, signature, backOff.start());
            sender.execute(() -> enqueue(pending));
        });
    }

    /** Drops whatever is waiting or being retried. */
    void clear() {
        sender.execute(() -> {
            queue.clear();
            inFlight = null;
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
        inFlight = queue.pollFirst();
        if (inFlight != null) {
            attempt(inFlight);
        }
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

    private record Pending(long deliveryId, String url, byte[] body, String signature, BackOffExecution backOff) {
    }
}
