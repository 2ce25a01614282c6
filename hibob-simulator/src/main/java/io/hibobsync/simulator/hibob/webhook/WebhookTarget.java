package io.hibobsync.simulator.hibob.webhook;

import java.util.Optional;

/** The webhook registered in the simulated tenant: where deliveries go and the secret that signs them. */
public final class WebhookTarget {

    record Registration(String url, String secret) {
    }

    private final Registration configured;
    private volatile Registration current;

    public WebhookTarget(String url, String secret) {
        this.configured = new Registration(url == null || url.isBlank() ? null : url.trim(), secret);
        this.current = configured;
    }

    /** The registration, when a URL is set. */
    Optional<Registration> registration() {
        var registration = current;
        return registration.url() == null ? Optional.empty() : Optional.of(registration);
    }

    public String secret() {
        return current.secret();
    }

    void register(String url, String secret) {
        current = new Registration(url, secret == null || secret.isBlank() ? current.secret() : secret);
    }

    void unregister() {
        current = new Registration(null, current.secret());
    }

    /** Back to what the configuration says. */
    public void reset() {
        current = configured;
    }
}
