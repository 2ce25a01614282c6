package io.hibobsync.enrich.kafka;

import io.hibobsync.enrich.hibob.HibobProperties;
import io.hibobsync.kafka.CredentialsIncident;
import io.hibobsync.kafka.ReachabilityHealthIndicator;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * HiBob in health: {@code hibob} is DOWN while HiBob refuses the service user (one incident, alerted once),
 * {@code hibobApi} while HiBob cannot be reached. Both are part of readiness.
 */
@Configuration(proxyBeanMethods = false)
class HibobCredentialsConfiguration {

    @Bean("hibob")
    CredentialsIncident hibobCredentials(HibobProperties properties, AlertPublisher alerts) {
        return new CredentialsIncident("enrich-service", "HiBob", "enrich-service stopped reading hibob-webhooks and"
                + " tries again every " + RetryPolicy.human(properties.authRetryInterval())
                + " (HIBOB_AUTH_RETRY_INTERVAL); no webhook is lost or dead-lettered meanwhile.", alerts::publish);
    }

    @Bean("hibobApi")
    ReachabilityHealthIndicator hibobApiReachability(HibobProperties properties) {
        return new ReachabilityHealthIndicator(properties.apiUrl(), Duration.ofSeconds(3));
    }
}
