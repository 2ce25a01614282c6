package io.hibobsync.enrich.kafka;

import io.hibobsync.enrich.hibob.HibobProperties;
import io.hibobsync.kafka.AlertSender;
import io.hibobsync.kafka.CredentialsIncident;
import io.hibobsync.kafka.ReachabilityHealthIndicator;
import io.hibobsync.kafka.ThrottleIncident;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * HiBob in health: {@code hibob} is DOWN while HiBob refuses the service user (one incident, alerted once),
 * {@code hibobApi} while HiBob cannot be reached; both are part of readiness. {@code hibobThrottle} shows whether
 * HiBob is throttling us (429): it stays UP (the webhooks wait, none is lost), is not part of readiness, and
 * alerts once when the throttle lasts {@code HIBOB_THROTTLE_ALERT_AFTER}.
 */
@Configuration(proxyBeanMethods = false)
class HibobCredentialsConfiguration {

    /** The longest wait between two tries while throttled, when HiBob does not say how long. */
    static final Duration LONGEST_THROTTLE_BACK_OFF = Duration.ofMinutes(5);

    @Bean("hibob")
    CredentialsIncident hibobCredentials(HibobProperties properties, AlertSender alerts) {
        return new CredentialsIncident("enrich-service", "HiBob", "enrich-service stopped reading hibob-webhooks and"
                + " tries again every " + RetryPolicy.human(properties.authRetryInterval())
                + " (HIBOB_AUTH_RETRY_INTERVAL); no webhook is lost or dead-lettered meanwhile.", alerts);
    }

    @Bean("hibobThrottle")
    ThrottleIncident hibobThrottle(HibobProperties properties, AlertSender alerts, MeterRegistry meters) {
        return new ThrottleIncident("enrich-service", "HiBob", properties.throttleAlertAfter(),
                LONGEST_THROTTLE_BACK_OFF, alerts, meters, Clock.systemUTC());
    }

    @Bean("hibobApi")
    ReachabilityHealthIndicator hibobApiReachability(HibobProperties properties) {
        return new ReachabilityHealthIndicator(properties.apiUrl(), Duration.ofSeconds(3));
    }
}
