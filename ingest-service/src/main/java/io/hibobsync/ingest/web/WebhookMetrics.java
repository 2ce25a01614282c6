package io.hibobsync.ingest.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/** What happens to the webhooks HiBob sends us, as Micrometer meters. */
@Component
class WebhookMetrics {

    private final MeterRegistry registry;
    private final Counter received;
    private final Counter pings;
    private final Timer publishLatency;

    WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.received = Counter.builder("hibob.webhooks.received")
                .description("Webhook requests received, whatever became of them")
                .register(registry);
        this.pings = Counter.builder("hibob.webhooks.pings")
                .description("HiBob connection tests answered")
                .register(registry);
        this.publishLatency = Timer.builder("hibob.webhooks.publish.latency")
                .description("Time from sending a webhook to Kafka until the broker acknowledged it")
                .publishPercentileHistogram()
                .register(registry);
    }

    void received() {
        received.increment();
    }

    void ping() {
        pings.increment();
    }

    void rejected(RejectionReason reason) {
        Counter.builder("hibob.webhooks.rejected")
                .description("Webhooks refused, by reason")
                .tag("reason", reason.tag())
                .register(registry)
                .increment();
    }

    void published(String eventType) {
        Counter.builder("hibob.webhooks.published")
                .description("Webhooks acknowledged by Kafka, by HiBob event type")
                .tag("type", eventType)
                .register(registry)
                .increment();
    }

    <T> T timePublish(Supplier<T> publish) {
        return publishLatency.record(publish);
    }
}
