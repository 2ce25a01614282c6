package io.hibobsync.enrich.hibob;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * {@code hibob} in {@code /actuator/health}: DOWN while HiBob refuses the service user (401/403), since nothing
 * can be enriched until someone fixes the credentials or permissions. Other HiBob trouble (5xx, 429) is
 * retried and does not make the service unhealthy.
 */
@Component("hibob")
class HibobHealthIndicator extends AbstractHealthIndicator {

    private final HibobAccess access;
    private final HibobProperties properties;

    HibobHealthIndicator(HibobAccess access, HibobProperties properties) {
        super("HiBob health check failed");
        this.access = access;
        this.properties = properties;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("apiUrl", properties.apiUrl().toString());
        access.current().ifPresentOrElse(
                incident -> builder.down()
                        .withDetail("status", incident.status())
                        .withDetail("since", incident.since().toString())
                        .withDetail("error", incident.message()),
                builder::up);
    }
}
