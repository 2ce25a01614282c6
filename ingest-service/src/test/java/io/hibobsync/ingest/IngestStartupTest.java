package io.hibobsync.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** ingest-service will not run without a way to tell HiBob's webhooks from anybody else's. */
class IngestStartupTest {

    // With the service's application.yml: it holds the defaults.
    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withUserConfiguration(PropertiesOnly.class);

    @Test
    void refuses_to_start_without_a_webhook_secret_and_says_which_variable_to_set() {
        context.run(started -> {
            assertThat(started).hasFailed();
            assertThat(started.getStartupFailure()).rootCause()
                    .hasMessageContaining("HIBOB_WEBHOOK_SECRET is not set")
                    .hasMessageContaining("INGEST_ALLOW_UNSIGNED_WEBHOOKS");
        });
    }

    @Test
    void starts_without_a_secret_only_with_the_explicit_development_flag() {
        context.withPropertyValues("ingest.allow-unsigned-webhooks=true")
                .run(started -> assertThat(started).hasNotFailed());
    }

    @Test
    void never_shows_the_secrets_when_the_settings_are_printed() {
        context.withPropertyValues("ingest.webhook-secret=s3cr3t-value", "ingest.webhook-secret-previous=old-s3cr3t")
                .run(started -> assertThat(started.getBean(IngestProperties.class).toString())
                        .doesNotContain("s3cr3t"));
    }

    @EnableConfigurationProperties(IngestProperties.class)
    static class PropertiesOnly {
    }
}
