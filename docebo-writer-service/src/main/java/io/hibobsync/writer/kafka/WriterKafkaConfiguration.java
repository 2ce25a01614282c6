package io.hibobsync.writer.kafka;

import io.hibobsync.contracts.DeadLetterHeaders;
import io.hibobsync.contracts.EmployeeSnapshot;
import io.hibobsync.contracts.SyncOutcome;
import io.hibobsync.contracts.Topics;
import io.hibobsync.kafka.AlertSender;
import io.hibobsync.kafka.CredentialsIncident;
import io.hibobsync.kafka.ThrottleIncident;
import io.hibobsync.kafka.ReachabilityHealthIndicator;
import io.hibobsync.writer.docebo.DoceboAuthException;
import io.hibobsync.writer.docebo.DoceboClient;
import io.hibobsync.writer.docebo.DoceboProperties;
import io.hibobsync.writer.docebo.DoceboRejectedException;
import io.hibobsync.writer.docebo.DoceboThrottledException;
import io.hibobsync.writer.docebo.DoceboUnavailableException;
import io.hibobsync.writer.kafka.EmployeeSnapshotListener.UnreadableSnapshotException;
import io.hibobsync.writer.mapping.UserMapper;
import io.hibobsync.writer.mapping.UserMapper.UnmappableEmployeeException;
import io.hibobsync.writer.sync.AccountMatcher;
import io.hibobsync.writer.sync.RefusedChangeException;
import io.hibobsync.writer.sync.UserSync;
import io.hibobsync.writer.sync.WriterMemory;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerPausingBackOffHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerContainerPauseService;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;
import tools.jackson.databind.json.JsonMapper;

/** Wires the writer: its memory on Kafka, the sync, and the one error handler of its listener. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WriterRetryProperties.class)
class WriterKafkaConfiguration {

    private static final String STAGE = "docebo-writer-service";

    @Bean
    MemoryTopic memoryTopic(KafkaTemplate<String, byte[]> kafka, KafkaAdmin admin, JsonMapper json) {
        return new MemoryTopic(kafka, admin, json);
    }

    @Bean
    WriterMemory writerMemory(MemoryTopic topic) {
        WriterMemory memory = new WriterMemory(topic);
        topic.attach(memory);
        return memory;
    }

    @Bean
    AccountMatcher accountMatcher(DoceboClient docebo, WriterMemory memory, DoceboProperties properties) {
        return new AccountMatcher(docebo, memory, properties.username());
    }

    @Bean
    UserSync userSync(DoceboClient docebo, UserMapper mapper, WriterMemory memory, AccountMatcher accounts) {
        return new UserSync(docebo, mapper, memory, accounts, Clock.systemUTC());
    }

    /** Docebo refusing our credentials: one incident, alerted once, shown as {@code docebo} in health. */
    @Bean("docebo")
    CredentialsIncident doceboCredentials(KafkaTemplate<String, byte[]> kafka, JsonMapper json,
            WriterRetryProperties retry) {
        return new CredentialsIncident(STAGE, "Docebo", STAGE + " holds its records and tries again every "
                + retry.authInterval().toMinutes() + " min (DOCEBO_AUTH_RETRY_INTERVAL); none is lost meanwhile.",
                alerts(kafka, json));
    }

    /** Docebo answering 429/503: one incident, shown as {@code doceboThrottle} in health, alerted if it lasts. */
    @Bean("doceboThrottle")
    ThrottleIncident doceboThrottle(KafkaTemplate<String, byte[]> kafka, JsonMapper json, WriterRetryProperties retry,
            MeterRegistry meters) {
        return new ThrottleIncident(STAGE, "Docebo", retry.throttleAlertAfter(), retry.throttleMaxBackOff(),
                alerts(kafka, json), meters, Clock.systemUTC());
    }

    private static AlertSender alerts(KafkaTemplate<String, byte[]> kafka, JsonMapper json) {
        return alert -> {
            try {
                kafka.send(Topics.SYNC_ALERTS, alert.key(), json.writeValueAsBytes(alert)).get(10, TimeUnit.SECONDS);
                return true;
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                return false;
            }
        };
    }

    /** {@code doceboApi} in health: DOWN while the Docebo platform cannot be reached. */
    @Bean("doceboApi")
    ReachabilityHealthIndicator doceboApiReachability(DoceboProperties docebo) {
        return new ReachabilityHealthIndicator(URI.create(docebo.url()), Duration.ofSeconds(3));
    }

    @Bean
    ThreadPoolTaskScheduler writerBackOffScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setThreadNamePrefix("writer-backoff-");
        return scheduler;
    }

    /**
     * Transient failures are retried in place, so one employee's later change can never overtake an earlier
     * one; what cannot succeed goes to {@code hibob-employees-dlt} at once, with a FAILED outcome (and, for a
     * change the writer refuses, its reason in {@code sync-failure-reason}); a credentials fault or Docebo
     * throttling us holds the records (pausing the listener, not sleeping in it) for as long as it lasts.
     */
    @Bean
    DefaultErrorHandler writerErrorHandler(KafkaTemplate<String, byte[]> kafka, SyncOutcomes outcomes,
            WriterRetryProperties retry, KafkaListenerEndpointRegistry registry, ThreadPoolTaskScheduler scheduler,
            JsonMapper json, WriterMetrics metrics, ThrottleIncident throttle) {
        DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(kafka);
        deadLetters.setHeadersFunction((record, failure) -> {
            RecordHeaders headers = new RecordHeaders();
            headers.add(DeadLetterHeaders.FAILED_STAGE, STAGE.getBytes(StandardCharsets.UTF_8));
            if (record.key() != null) {
                headers.add(DeadLetterHeaders.EMPLOYEE_ID, String.valueOf(record.key()).getBytes(StandardCharsets.UTF_8));
            }
            if (rootCause(failure) instanceof RefusedChangeException refused) {
                headers.add(DeadLetterHeaders.REASON, refused.reason().getBytes(StandardCharsets.UTF_8));
            }
            return headers;
        });
        ExponentialBackOff transientFailures = new ExponentialBackOff(1_000, 2.0);
        transientFailures.setMaxInterval(60_000);
        transientFailures.setMaxElapsedTime(retry.maxElapsed().toMillis());

        DefaultErrorHandler handler = new DefaultErrorHandler((record, failure) -> {
            deadLetters.accept(record, failure);
            outcomes.publish(failed(record, failure, json));
            metrics.deadLettered();
        }, transientFailures, new ContainerPausingBackOffHandler(new ListenerContainerPauseService(registry, scheduler)));
        handler.addNotRetryableExceptions(DoceboRejectedException.class, UnmappableEmployeeException.class,
                UnreadableSnapshotException.class, RefusedChangeException.class);
        handler.setBackOffFunction((record, failure) -> {
            Throwable cause = rootCause(failure);
            if (cause instanceof DoceboAuthException) {
                return new FixedBackOff(retry.authInterval().toMillis(), FixedBackOff.UNLIMITED_ATTEMPTS);
            }
            if (cause instanceof DoceboThrottledException) {
                return throttledBackOff(throttle);
            }
            if (cause instanceof DoceboUnavailableException unavailable && unavailable.retryAfter() != null) {
                long attempts = Math.max(1, retry.maxElapsed().toMillis() / Math.max(1, unavailable.retryAfter().toMillis()));
                return new FixedBackOff(unavailable.retryAfter().toMillis(), attempts);
            }
            return null;
        });
        return handler;
    }

    /** Never gives up: each wait is what the throttle incident says now (Retry-After, or a capped back-off). */
    static BackOff throttledBackOff(ThrottleIncident throttle) {
        return () -> () -> throttle.nextWait().toMillis();
    }

    private static SyncOutcome failed(ConsumerRecord<?, ?> record, Exception failure, JsonMapper json) {
        String employeeId = record.key() == null ? null : String.valueOf(record.key());
        EmployeeSnapshot employee = null;
        try {
            employee = json.readValue((byte[]) record.value(), EmployeeSnapshot.class);
        } catch (RuntimeException unreadable) {
            // The outcome then says less; the dead-letter record keeps every byte.
        }
        Instant now = Instant.now();
        Instant receivedAt = employee == null ? null : employee.receivedAt();
        return new SyncOutcome(employeeId, SyncOutcome.Action.FAILED, null, employee == null ? null : employee.event(),
                employee == null ? null : employee.deliveryId(), receivedAt, now,
                receivedAt == null ? -1 : now.toEpochMilli() - receivedAt.toEpochMilli(), rootCause(failure).getMessage());
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
