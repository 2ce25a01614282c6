package io.hibobsync.simulator.hibob;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The simulator app on a random port with its own settings file, fast webhook retries, and
 * {@code about.about} unreadable by the service user. Tests sharing it share one context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=hibob-simulator",
        "hibob.simulator.forbidden-fields=about.about",
        "hibob.simulator.webhook.initial-backoff=50ms",
        "hibob.simulator.webhook.max-backoff=200ms",
        "hibob.simulator.webhook.max-attempts=4"})
@interface HibobSimulatorContractTest {
}
