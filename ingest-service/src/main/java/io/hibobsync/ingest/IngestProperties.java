package io.hibobsync.ingest;

import static io.hibobsync.kafka.Settings.isBlank;
import static io.hibobsync.kafka.Settings.requireValue;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * ingest-service settings, from the environment (see application.yml for the variable names and their defaults).
 *
 * @param webhookSecret          the signing secret of the webhook in Bob ({@code HIBOB_WEBHOOK_SECRET})
 * @param webhookSecretPrevious  the secret being rotated out, accepted too while set
 * @param allowUnsignedWebhooks  development only: accept webhooks without checking their signature
 * @param maxBodySize            larger bodies are refused with 413 (a v2 envelope is well under 1 KiB)
 * @param publishTimeout         how long a webhook waits for Kafka to acknowledge it before we answer 503
 */
@ConfigurationProperties("ingest")
public record IngestProperties(
        String webhookSecret,
        String webhookSecretPrevious,
        boolean allowUnsignedWebhooks,
        DataSize maxBodySize,
        Duration publishTimeout) {

    public IngestProperties {
        if (isBlank(webhookSecret) && !allowUnsignedWebhooks) {
            throw new IllegalArgumentException("HIBOB_WEBHOOK_SECRET is not set, so ingest-service cannot verify that "
                    + "webhooks come from HiBob and refuses to start. Set it to the secret of the webhook in Bob "
                    + "(Settings > Integrations > Automation > Webhooks). For local development only, "
                    + "INGEST_ALLOW_UNSIGNED_WEBHOOKS=true accepts unsigned webhooks instead.");
        }
        requireValue("INGEST_MAX_BODY_SIZE", maxBodySize);
        requireValue("INGEST_PUBLISH_TIMEOUT", publishTimeout);
        if (maxBodySize.toBytes() <= 0 || publishTimeout.isNegative() || publishTimeout.isZero()) {
            throw new IllegalArgumentException("INGEST_MAX_BODY_SIZE and INGEST_PUBLISH_TIMEOUT must be positive");
        }
    }

    // Secrets stay out of logs and error pages, including Spring's own rendering of this record.
    @Override
    public String toString() {
        return "IngestProperties[webhookSecret=***, webhookSecretPrevious=%s, allowUnsignedWebhooks=%s, maxBodySize=%s, publishTimeout=%s]"
                .formatted(isBlank(webhookSecretPrevious) ? "unset" : "***", allowUnsignedWebhooks, maxBodySize, publishTimeout);
    }
}
