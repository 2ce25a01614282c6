package io.hibobsync.simulator.hibob.webhook;

import io.hibobsync.simulator.hibob.WebhookDelivery;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;

/** POSTs one webhook body, signed, and reports how it went. */
public final class WebhookHttp {

    private final HttpClient client;
    private final Duration timeout;
    private final Clock clock;

    public WebhookHttp(Duration timeout, Clock clock) {
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.timeout = timeout;
        this.clock = clock;
    }

    WebhookDelivery.Attempt post(String url, String contentType, byte[] body, String signature) {
        var at = clock.instant();
        long started = System.nanoTime();
        try {
            var request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(timeout)
                    .header("Content-Type", contentType)
                    .header(WebhookSignature.HEADER, signature)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            var response = client.send(request, HttpResponse.BodyHandlers.discarding());
            return new WebhookDelivery.Attempt(at, response.statusCode(), null, millisSince(started));
        } catch (IOException | IllegalArgumentException e) {
            return new WebhookDelivery.Attempt(at, 0, e.getClass().getSimpleName() + ": " + e.getMessage(),
                    millisSince(started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new WebhookDelivery.Attempt(at, 0, "interrupted", millisSince(started));
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    static boolean succeeded(WebhookDelivery.Attempt attempt) {
        return attempt.status() >= 200 && attempt.status() < 300;
    }
}
