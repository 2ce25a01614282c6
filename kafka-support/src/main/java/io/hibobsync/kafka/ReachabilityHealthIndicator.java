package io.hibobsync.kafka;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Whether a SaaS API (HiBob, Docebo) can be reached at all: a TCP connection to its host, nothing more. An
 * HTTP call would spend the API's rate limit, and an unauthenticated one counts towards HiBob's blocking of
 * callers that fail to authenticate.
 */
public class ReachabilityHealthIndicator extends AbstractHealthIndicator {

    private final URI url;
    private final Duration timeout;

    public ReachabilityHealthIndicator(URI url, Duration timeout) {
        super("Reachability check of " + url + " failed");
        this.url = url;
        this.timeout = timeout;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("url", url.getScheme() + "://" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort()));
        int port = url.getPort() != -1 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(url.getHost(), port), (int) timeout.toMillis());
            builder.up();
        } catch (IOException e) {
            builder.down().withDetail("error", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
