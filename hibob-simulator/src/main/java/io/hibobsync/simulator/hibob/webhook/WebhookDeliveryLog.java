package io.hibobsync.simulator.hibob.webhook;

import io.hibobsync.simulator.hibob.WebhookDelivery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every webhook sent and how each attempt went, so tests and people can check what HiBob "sent". Keeps the
 * most recent deliveries only, so a simulator left running under load cannot run out of memory.
 */
public final class WebhookDeliveryLog {

    static final int DEFAULT_CAPACITY = 10_000;

    private final int capacity;
    private final Map<Long, WebhookDelivery> deliveries = new LinkedHashMap<>();
    private long lastId;

    public WebhookDeliveryLog() {
        this(DEFAULT_CAPACITY);
    }

    WebhookDeliveryLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("delivery log capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    synchronized WebhookDelivery start(String type, String employeeId, String url, String contentType, String body,
                                       String signature) {
        var delivery = new WebhookDelivery(++lastId, type, employeeId, url, contentType, body, signature,
                WebhookDelivery.State.PENDING, List.of());
        deliveries.put(delivery.id(), delivery);
        if (deliveries.size() > capacity) {
            deliveries.remove(deliveries.keySet().iterator().next());
        }
        return delivery;
    }

    /** An attempt at a delivery that has already been dropped from the log is not recorded. */
    synchronized void recordAttempt(long id, WebhookDelivery.Attempt attempt, WebhookDelivery.State state) {
        var delivery = deliveries.get(id);
        if (delivery == null) {
            return;
        }
        var attempts = new ArrayList<>(delivery.attempts());
        attempts.add(attempt);
        deliveries.put(id, new WebhookDelivery(id, delivery.type(), delivery.employeeId(), delivery.url(),
                delivery.contentType(), delivery.body(), delivery.signature(), state, List.copyOf(attempts)));
    }

    synchronized List<WebhookDelivery> all() {
        return List.copyOf(deliveries.values());
    }

    public synchronized void clear() {
        deliveries.clear();
    }
}
