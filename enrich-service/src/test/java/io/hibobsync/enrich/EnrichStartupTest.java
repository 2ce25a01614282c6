package io.hibobsync.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.hibobsync.enrich.hibob.FullSyncProperties;
import io.hibobsync.enrich.hibob.HibobProperties;
import io.hibobsync.enrich.kafka.RetryProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** enrich-service will not run without a HiBob service user, and never prints its token. */
class EnrichStartupTest {

    // With the service's application.yml: it holds the defaults.
    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withUserConfiguration(PropertiesOnly.class);

    @Test
    void refuses_to_start_without_a_service_user_and_names_the_variable() {
        context.withPropertyValues("hibob.service-user-token=t0k3n").run(started -> {
            assertThat(started).hasFailed();
            assertThat(started.getStartupFailure()).rootCause().hasMessageContaining("HIBOB_SERVICE_USER_ID is not set");
        });
        context.withPropertyValues("hibob.service-user-id=sync").run(started -> {
            assertThat(started).hasFailed();
            assertThat(started.getStartupFailure()).rootCause().hasMessageContaining("HIBOB_SERVICE_USER_TOKEN is not set");
        });
    }

    @Test
    void starts_with_a_service_user_and_the_documented_defaults() {
        context.withPropertyValues("hibob.service-user-id=sync", "hibob.service-user-token=t0k3n").run(started -> {
            assertThat(started).hasNotFailed();
            HibobProperties hibob = started.getBean(HibobProperties.class);
            assertThat(hibob.apiUrl()).hasToString("https://api.hibob.com/v1");
            assertThat(hibob.readDelay()).isZero();
            assertThat(hibob.rereadBackoff()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(5),
                    Duration.ofSeconds(15));
            assertThat(hibob.rereadMemory()).isEqualTo(10_000);
            assertThat(hibob.searchesPerMinute()).isEqualTo(45);
            assertThat(hibob.authRetryInterval()).isEqualTo(Duration.ofMinutes(5));
            assertThat(hibob.deletionGrace()).isEqualTo(Duration.ofMinutes(10));
            assertThat(hibob.throttleAlertAfter()).isEqualTo(Duration.ofMinutes(30));
            assertThat(hibob.searchBatchSize()).isEqualTo(100);
            assertThat(hibob.extraFields()).isEmpty();
            RetryProperties retry = started.getBean(RetryProperties.class);
            assertThat(retry.initialInterval()).isEqualTo(Duration.ofSeconds(1));
            assertThat(retry.maxInterval()).isEqualTo(Duration.ofSeconds(60));
            assertThat(retry.maxElapsed()).isEqualTo(Duration.ofMinutes(10));
        });
    }

    @Test
    void refuses_extra_fields_that_are_not_hibob_field_ids() {
        context.withPropertyValues("hibob.service-user-id=sync", "hibob.service-user-token=t0k3n",
                "hibob.extra-fields=work.title, custom cost center").run(started -> {
            assertThat(started).hasFailed();
            assertThat(started.getStartupFailure()).rootCause().hasMessageContaining("HIBOB_EXTRA_FIELDS")
                    .hasMessageContaining("custom cost center");
        });
    }

    @Test
    void refuses_a_read_delay_that_would_stall_the_consumer() {
        context.withPropertyValues("hibob.service-user-id=sync", "hibob.service-user-token=t0k3n",
                "hibob.read-delay=10m").run(started -> {
            assertThat(started).hasFailed();
            assertThat(started.getStartupFailure()).rootCause().hasMessageContaining("HIBOB_READ_DELAY");
        });
    }

    @Test
    void reads_the_reread_back_off_as_a_list_and_an_empty_one_as_no_rereads() {
        context.withPropertyValues("hibob.service-user-id=sync", "hibob.service-user-token=t0k3n",
                "hibob.reread-backoff=1s,500ms", "hibob.searches-per-minute=20").run(started -> {
            HibobProperties hibob = started.getBean(HibobProperties.class);
            assertThat(hibob.rereadBackoff()).containsExactly(Duration.ofSeconds(1), Duration.ofMillis(500));
            assertThat(hibob.searchesPerMinute()).isEqualTo(20);
        });
        context.withPropertyValues("hibob.service-user-id=sync", "hibob.service-user-token=t0k3n",
                "hibob.reread-backoff=").run(started ->
                assertThat(started.getBean(HibobProperties.class).rereadBackoff()).isEmpty());
    }

    @Test
    void refuses_rereads_and_a_read_delay_that_would_stall_the_consumer_together() {
        context.withPropertyValues("hibob.service-user-id=sync", "hibob.service-user-token=t0k3n",
                "hibob.read-delay=90s", "hibob.reread-backoff=20s,20s").run(started -> {
            assertThat(started).hasFailed();
            assertThat(started.getStartupFailure()).rootCause().hasMessageContaining("HIBOB_REREAD_BACKOFF")
                    .hasMessageContaining("HIBOB_READ_DELAY");
        });
        context.withPropertyValues("hibob.service-user-id=sync", "hibob.service-user-token=t0k3n",
                "hibob.searches-per-minute=0").run(started -> {
            assertThat(started).hasFailed();
            assertThat(started.getStartupFailure()).rootCause().hasMessageContaining("HIBOB_SEARCHES_PER_MINUTE");
        });
    }

    @Test
    void refuses_a_variable_set_but_empty_and_names_it() {
        context.withPropertyValues("hibob.service-user-id=sync", "hibob.service-user-token=t0k3n",
                "HIBOB_NOT_FOUND_GRACE=").run(started -> {
            assertThat(started).hasFailed();
            assertThat(started.getStartupFailure()).rootCause().hasMessageContaining("HIBOB_NOT_FOUND_GRACE is empty");
        });
    }

    @Test
    void refuses_a_negative_deletion_grace_and_names_the_variable() {
        context.withPropertyValues("hibob.service-user-id=sync", "hibob.service-user-token=t0k3n",
                "hibob.deletion-grace=-1s").run(started -> {
            assertThat(started).hasFailed();
            assertThat(started.getStartupFailure()).rootCause().hasMessageContaining("HIBOB_DELETION_GRACE");
        });
        context.withPropertyValues("hibob.service-user-id=sync", "hibob.service-user-token=t0k3n",
                "hibob.throttle-alert-after=-1m").run(started -> {
            assertThat(started).hasFailed();
            assertThat(started.getStartupFailure()).rootCause().hasMessageContaining("HIBOB_THROTTLE_ALERT_AFTER");
        });
    }

    @Test
    void never_shows_the_token_when_the_settings_are_printed() {
        context.withPropertyValues("hibob.service-user-id=sync", "hibob.service-user-token=s3cr3t-t0k3n",
                "hibob.extra-fields=work.title,about.about")
                .run(started -> {
                    HibobProperties hibob = started.getBean(HibobProperties.class);
                    assertThat(hibob.extraFields()).containsExactly("work.title", "about.about");
                    assertThat(hibob.toString()).doesNotContain("s3cr3t").contains("serviceUserToken=***");
                });
    }

    @Test
    void gives_the_full_sync_search_five_minutes_and_refuses_more_than_ten() {
        context.withPropertyValues("hibob.service-user-id=sync", "hibob.service-user-token=t0k3n").run(started ->
                assertThat(started.getBean(FullSyncProperties.class).readTimeout()).isEqualTo(Duration.ofMinutes(5)));
        context.withPropertyValues("hibob.service-user-id=sync", "hibob.service-user-token=t0k3n",
                "hibob.full-sync.read-timeout=11m").run(started -> {
            assertThat(started).hasFailed();
            assertThat(started.getStartupFailure()).rootCause().hasMessageContaining("HIBOB_FULL_SYNC_READ_TIMEOUT");
        });
    }

    @EnableConfigurationProperties({HibobProperties.class, RetryProperties.class, FullSyncProperties.class})
    static class PropertiesOnly {
    }
}
