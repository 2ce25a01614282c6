package io.hibobsync.kafka;

import io.hibobsync.contracts.ConfigurationAlert;
import io.hibobsync.contracts.ConfigurationAlert.Kind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * HiBob or Docebo telling us to slow down (429, or 503 for overload) is one incident, not one failure per record:
 * it starts with the first such answer and ends with the next call that is answered. While it lasts the records
 * wait, as long as it takes, and are never dead-lettered for it: {@link #nextWait()} is how long, the API's
 * {@code Retry-After} when it gave one, else an exponential back-off capped at {@code longestBackOff}. Health and
 * the {@code sync.api.throttled.seconds} gauge show it; once it has lasted {@code alertAfter}, one alert goes to
 * {@code sync-alerts} (and one more when it ends), so the administrator hears of a throttle that does not pass.
 */
public class ThrottleIncident extends AbstractHealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(ThrottleIncident.class);
    private static final Duration FIRST_BACK_OFF = Duration.ofSeconds(1);
    // A Retry-After beyond this is most likely a mistake: we ask again after an hour at the latest.
    private static final Duration LONGEST_RETRY_AFTER = Duration.ofHours(1);

    private final String service;
    private final String system;
    private final Duration alertAfter;
    private final Duration longestBackOff;
    private final AlertSender alerts;
    private final Clock clock;
    private final Counter throttledAnswers;
    private Incident incident;
    private boolean reported;

    /**
     * @param service        e.g. {@code docebo-writer-service}
     * @param system         {@code HiBob} or {@code Docebo}
     * @param alertAfter     how long a throttle may last before the administrator is told
     * @param longestBackOff the longest wait between two tries when the API gives no {@code Retry-After}
     */
    public ThrottleIncident(String service, String system, Duration alertAfter, Duration longestBackOff,
            AlertSender alerts, MeterRegistry meters, Clock clock) {
        super(system + " throttle check failed");
        this.service = service;
        this.system = system;
        this.alertAfter = alertAfter;
        this.longestBackOff = longestBackOff;
        this.alerts = alerts;
        this.clock = clock;
        this.throttledAnswers = Counter.builder("sync.api.throttled.answers")
                .description("Answers of an API telling the sync to slow down (429, 503)")
                .tag("system", system)
                .register(meters);
        Gauge.builder("sync.api.throttled.seconds", this, ThrottleIncident::secondsThrottled)
                .description("How long the API has been throttling the sync, 0 when it is not")
                .tag("system", system)
                .register(meters);
    }

    /** The API answered {@code status} (429 or 503), asking to wait {@code retryAfter} ({@code null}: it did not say). */
    public synchronized void throttled(int status, Duration retryAfter, String message) {
        throttledAnswers.increment();
        Instant now = clock.instant();
        if (incident == null) {
            incident = new Incident(status, message, now, now, 0, retryAfter);
            reported = false;
            log.warn("{} asks {} to slow down ({}): {}. The records wait until it answers again; none is "
                    + "dead-lettered for it.", system, service, status, message);
        } else {
            incident = new Incident(status, message, incident.since(), now, incident.answers() + 1, retryAfter);
        }
        alertIfLasting(now);
    }

    /** A call was answered: ends the incident, if one was open. */
    public synchronized void cleared() {
        if (incident == null) {
            return;
        }
        Incident ended = incident;
        incident = null;
        Duration lasted = Duration.between(ended.since(), clock.instant());
        log.info("{} answers {} again after throttling it for {} s ({} answers of {}); the records that waited go on",
                system, service, lasted.toSeconds(), ended.answers() + 1, ended.status());
        if (reported) {
            alerts.send(new ConfigurationAlert(service, system, ended.status(), system + " answers again after "
                    + "throttling " + service + " for " + minutes(lasted) + "; the records that waited go on, none "
                    + "was lost.", clock.instant(), true, Kind.THROTTLED));
        }
    }

    /** How long to wait before the next try while throttled; never "give up". */
    public synchronized Duration nextWait() {
        if (incident == null) {
            return FIRST_BACK_OFF;
        }
        alertIfLasting(clock.instant());
        if (incident.retryAfter() != null && !incident.retryAfter().isNegative()) {
            return incident.retryAfter().compareTo(LONGEST_RETRY_AFTER) > 0 ? LONGEST_RETRY_AFTER
                    : incident.retryAfter();
        }
        long factor = 1L << Math.min(20, incident.answers());
        Duration backOff = FIRST_BACK_OFF.multipliedBy(factor);
        return backOff.compareTo(longestBackOff) > 0 ? longestBackOff : backOff;
    }

    public synchronized Optional<Incident> current() {
        return Optional.ofNullable(incident);
    }

    private void alertIfLasting(Instant now) {
        if (reported || incident == null || Duration.between(incident.since(), now).compareTo(alertAfter) < 0) {
            return;
        }
        reported = alerts.send(new ConfigurationAlert(service, system, incident.status(), system + " has been "
                + "throttling " + service + " (answering " + incident.status() + ") since " + incident.since()
                + ", for more than " + minutes(alertAfter) + ". The records wait and none is lost, but changes reach "
                + "Docebo late. Last answer: " + incident.message(), incident.since(), false, Kind.THROTTLED));
    }

    private synchronized double secondsThrottled() {
        return incident == null ? 0 : Duration.between(incident.since(), clock.instant()).toSeconds();
    }

    private static String minutes(Duration duration) {
        long minutes = duration.toMinutes();
        return minutes >= 1 ? minutes + " min" : duration.toSeconds() + " s";
    }

    // A throttled service works as designed (it waits), so it stays UP; the details say since when and why.
    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.up();
        current().ifPresentOrElse(open -> builder
                        .withDetail("throttled", true)
                        .withDetail("status", open.status())
                        .withDetail("since", open.since().toString())
                        .withDetail("answers", open.answers() + 1)
                        .withDetail("nextWaitMillis", nextWait().toMillis())
                        .withDetail("lastAnswer", open.message()),
                () -> builder.withDetail("throttled", false));
    }

    /**
     * {@code system} throttles us since {@code since}; {@code answers} is how many throttling answers came after
     * the first, the last at {@code last} with {@code status} and {@code retryAfter}.
     */
    public record Incident(int status, String message, Instant since, Instant last, int answers, Duration retryAfter) {
    }
}
