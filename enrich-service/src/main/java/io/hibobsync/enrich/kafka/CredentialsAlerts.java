package io.hibobsync.enrich.kafka;

import io.hibobsync.contracts.ConfigurationAlert;
import io.hibobsync.enrich.hibob.HibobAccess;
import io.hibobsync.enrich.hibob.HibobAccess.Refusal;
import io.hibobsync.enrich.hibob.HibobAuthException;
import io.hibobsync.enrich.hibob.HibobProperties;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reports a credentials incident once: one ERROR log line and one {@link ConfigurationAlert} when HiBob starts
 * refusing the service user, one resolved alert when a search works again. Consumption itself is paused by the
 * error handler's back-off ({@code HIBOB_AUTH_RETRY_INTERVAL}), never retried in a loop.
 */
@Component
class CredentialsAlerts {

    static final String SERVICE = "enrich-service";
    static final String SYSTEM = "HiBob";
    private static final Logger log = LoggerFactory.getLogger(CredentialsAlerts.class);

    private final HibobAccess access;
    private final AlertPublisher alerts;
    private final Duration retryInterval;
    private final Clock clock = Clock.systemUTC();

    CredentialsAlerts(HibobAccess access, AlertPublisher alerts, HibobProperties properties) {
        this.access = access;
        this.alerts = alerts;
        this.retryInterval = properties.authRetryInterval();
    }

    void refused(HibobAuthException refusal) {
        Refusal state = access.refused(refusal);
        String message = state.incident().message() + ". enrich-service stopped reading hibob-webhooks and tries "
                + "again every " + RetryPolicy.human(retryInterval)
                + " (HIBOB_AUTH_RETRY_INTERVAL); no webhook is lost or dead-lettered meanwhile.";
        if (state.started()) {
            log.error("HiBob refuses the service user: {}", message);
        } else {
            log.debug("HiBob still refuses the service user ({}); next try in {}", refusal.status(), retryInterval);
        }
        if (state.toReport() && alerts.publish(new ConfigurationAlert(SERVICE, SYSTEM, state.incident().status(),
                message, state.incident().since(), false))) {
            access.reported();
        }
    }

    void granted() {
        access.granted().ifPresent(incident -> {
            log.info("HiBob accepts the service user again (refused with {} since {}); reading webhooks resumed",
                    incident.status(), incident.since());
            alerts.publish(new ConfigurationAlert(SERVICE, SYSTEM, incident.status(),
                    "HiBob accepts the service user HIBOB_SERVICE_USER_ID again; enrich-service reads webhooks "
                            + "again (refused with " + incident.status() + " since " + incident.since() + ").",
                    clock.instant(), true));
        });
    }
}
