package io.hibobsync.simulator.hibob.webhook;

import io.hibobsync.simulator.hibob.WebhookDelivery;
import io.hibobsync.simulator.hibob.WebhookRegistration;
import java.net.URI;
import java.util.List;

/** Registering the tenant's webhook (with HiBob's connection test) and reading what was delivered. */
public final class WebhookAdmin {

    private final WebhookTarget target;
    private final WebhookPing ping;
    private final WebhookDeliveryLog log;

    public WebhookAdmin(WebhookTarget target, WebhookPing ping, WebhookDeliveryLog log) {
        this.target = target;
        this.ping = ping;
        this.log = log;
    }

    /** Pings, then registers. A receiver that is down still gets registered, and gets the retries later. */
    public WebhookRegistration register(String url, String secret) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("A webhook needs a url");
        }
        var uri = URI.create(url.trim());
        if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
            throw new IllegalArgumentException("'" + url + "' is not an http(s) URL");
        }
        target.register(uri.toString(), secret);
        var attempts = ping.ping(uri.toString(), target.secret());
        return new WebhookRegistration(uri.toString(), WebhookHttp.succeeded(attempts.get(attempts.size() - 1)), attempts);
    }

    public void unregister() {
        target.unregister();
    }

    public String url() {
        return target.registration().map(WebhookTarget.Registration::url).orElse(null);
    }

    public List<WebhookDelivery> deliveries() {
        return log.all();
    }

    public void clearDeliveries() {
        log.clear();
    }
}
