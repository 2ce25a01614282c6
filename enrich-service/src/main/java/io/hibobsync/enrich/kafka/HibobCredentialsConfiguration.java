package io.hibobsync.enrich.kafka;

import io.hibobsync.enrich.hibob.HibobProperties;
import io.hibobsync.kafka.CredentialsIncident;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** HiBob refusing the service user: one incident, alerted once, shown as {@code hibob} in health. */
@Configuration(proxyBeanMethods = false)
class HibobCredentialsConfiguration {

    @Bean("hibob")
    CredentialsIncident hibobCredentials(HibobProperties properties, AlertPublisher alerts) {
        return new CredentialsIncident("enrich-service", "HiBob", "enrich-service stopped reading hibob-webhooks and"
                + " tries again every " + RetryPolicy.human(properties.authRetryInterval())
                + " (HIBOB_AUTH_RETRY_INTERVAL); no webhook is lost or dead-lettered meanwhile.", alerts::publish);
    }
}
