package io.hibobsync.simulator.hibob.webhook;

import io.hibobsync.simulator.hibob.WebhookDelivery;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * HiBob's connection test when a webhook is registered: the plain text {@code Ping test}, and when that
 * does not get a 2xx, {@code {"text":"Ping test"}} as JSON.
 */
public final class WebhookPing {

    static final String PLAIN = "Ping test";
    static final String JSON = "{\"text\":\"Ping test\"}";

    private final WebhookHttp http;
    private final WebhookDeliveryLog log;

    public WebhookPing(WebhookHttp http, WebhookDeliveryLog log) {
        this.http = http;
        this.log = log;
    }

    /** Pings and answers every attempt made; the last one tells whether the receiver is reachable. */
    List<WebhookDelivery.Attempt> ping(String url, String secret) {
        var attempts = new ArrayList<WebhookDelivery.Attempt>();
        var plain = send(url, secret, "text/plain", PLAIN);
        attempts.add(plain);
        if (!WebhookHttp.succeeded(plain)) {
            attempts.add(send(url, secret, "application/json", JSON));
        }
        return attempts;
    }

    private WebhookDelivery.Attempt send(String url, String secret, String contentType, String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        String signature = WebhookSignature.sign(body, secret);
        var delivery = log.start("ping", null, url, contentType, text, signature);
        var attempt = http.post(url, contentType, body, signature);
        log.recordAttempt(delivery.id(), attempt,
                WebhookHttp.succeeded(attempt) ? WebhookDelivery.State.DELIVERED : WebhookDelivery.State.FAILED);
        return attempt;
    }
}
