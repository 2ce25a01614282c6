package io.hibobsync.kafka;

import io.hibobsync.contracts.ConfigurationAlert;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * HiBob or Docebo refusing our credentials (401/403) is one incident, not one failure per record: it starts
 * with the first refusal and ends with the next call that works. It is logged and alerted once at each end
 * (on {@code sync-alerts}, for the notifier), and health shows it while it lasts. The records themselves wait:
 * the service's error handler pauses and tries again later, nothing is dead-lettered for it.
 */
public class CredentialsIncident extends AbstractHealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(CredentialsIncident.class);

    private final String service;
    private final String system;
    private final String meanwhile;
    private final AlertSender alerts;
    private final Clock clock = Clock.systemUTC();
    private Incident incident;
    private boolean reported;

    /**
     * @param service   e.g. {@code enrich-service}
     * @param system    {@code HiBob} or {@code Docebo}
     * @param meanwhile what the service does until the credentials work, in plain words, for the alert
     */
    public CredentialsIncident(String service, String system, String meanwhile, AlertSender alerts) {
        super(system + " credentials check failed");
        this.service = service;
        this.system = system;
        this.meanwhile = meanwhile;
        this.alerts = alerts;
    }

    /** A call was refused with {@code status}; {@code message} says what and what to check, never a secret. */
    public synchronized void refused(int status, String message) {
        if (incident == null) {
            incident = new Incident(status, message, clock.instant());
            reported = false;
            log.error("{} refuses our credentials: {}. {}", system, message, meanwhile);
        }
        if (!reported) {
            reported = alerts.send(new ConfigurationAlert(service, system, incident.status(),
                    incident.message() + ". " + meanwhile, incident.since(), false));
        }
    }

    /** A call worked: ends the incident, if one was open. */
    public synchronized void accepted() {
        if (incident == null) {
            return;
        }
        Incident ended = incident;
        incident = null;
        log.info("{} accepts our credentials again (refused with {} since {}); {} goes on", system, ended.status(),
                ended.since(), service);
        if (reported) {
            alerts.send(new ConfigurationAlert(service, system, ended.status(), system + " accepts the credentials "
                    + "again (refused with " + ended.status() + " since " + ended.since() + "); " + service
                    + " goes on with the records that waited.", clock.instant(), true));
        }
    }

    public synchronized Optional<Incident> current() {
        return Optional.ofNullable(incident);
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        current().ifPresentOrElse(open -> builder.down()
                        .withDetail("status", open.status())
                        .withDetail("since", open.since().toString())
                        .withDetail("error", open.message()),
                builder::up);
    }

    /** {@code system} refuses our credentials since {@code since}, first with {@code status}. */
    public record Incident(int status, String message, Instant since) {
    }
}
