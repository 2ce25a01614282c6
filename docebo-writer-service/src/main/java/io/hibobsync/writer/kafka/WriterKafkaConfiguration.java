package io.hibobsync.writer.kafka;

import io.hibobsync.contracts.Topics;
import io.hibobsync.kafka.AlertSender;
import io.hibobsync.kafka.CredentialsIncident;
import io.hibobsync.kafka.ReachabilityHealthIndicator;
import io.hibobsync.kafka.SyncAlerts;
import io.hibobsync.kafka.SyncDeadLetters;
import io.hibobsync.kafka.ThrottleIncident;
import io.hibobsync.kafka.WarmUp;
import io.hibobsync.writer.docebo.DoceboAuthException;
import io.hibobsync.writer.docebo.DoceboBudgetSpentException;
import io.hibobsync.writer.docebo.DoceboCallBudget;
import io.hibobsync.writer.docebo.DoceboClient;
import io.hibobsync.writer.docebo.DoceboProperties;
import io.hibobsync.writer.docebo.DoceboRejectedException;
import io.hibobsync.writer.docebo.DoceboThrottledException;
import io.hibobsync.writer.docebo.DoceboUnavailableException;
import io.hibobsync.writer.kafka.EmployeeSnapshotListener.UnreadableSnapshotException;
import io.hibobsync.writer.mapping.EmployeeScope;
import io.hibobsync.writer.mapping.UserMapper;
import io.hibobsync.writer.mapping.UserMapper.UnmappableEmployeeException;
import io.hibobsync.writer.sync.AccountMatcher;
import io.hibobsync.writer.sync.DeactivationBrake;
import io.hibobsync.writer.sync.DoceboDirectory;
import io.hibobsync.writer.sync.DoceboWrites;
import io.hibobsync.writer.sync.RefusedChangeException;
import io.hibobsync.writer.sync.UserSync;
import io.hibobsync.writer.sync.WriterMemory;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerPausingBackOffHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerContainerPauseService;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;
import tools.jackson.databind.json.JsonMapper;

/** Wires the writer: its memory on Kafka, the sync and its Docebo budget, and the one error handler of its listener. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({WriterRetryProperties.class, BrakeProperties.class, ScopeProperties.class})
class WriterKafkaConfiguration {

    private static final String STAGE = DeadLetters.STAGE;
    // The writer spends at most this share of DOCEBO_CALLS_PER_HOUR: the rest is headroom for admins and clock skew.
    private static final double BUDGET_SHARE = 0.9;

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

    /** The first write after a start does not wait for a token (one call an hour, spent now instead of then). */
    @Bean
    ApplicationListener<ApplicationReadyEvent> doceboSignIn(DoceboClient docebo) {
        return ready -> WarmUp.inBackground("obtain a Docebo access token", docebo::signIn);
    }

    @Bean
    DoceboCallBudget doceboCallBudget(DoceboProperties docebo, MeterRegistry meters) {
        return new DoceboCallBudget(docebo.callsPerHour(), BUDGET_SHARE, Clock.systemUTC(), meters);
    }

    @Bean
    DoceboDirectory doceboDirectory(DoceboClient docebo, DoceboProperties properties) {
        return new DoceboDirectory(docebo, properties.directoryThreshold(), properties.directoryTtl(), Clock.systemUTC());
    }

    @Bean
    AccountMatcher accountMatcher(DoceboDirectory directory, WriterMemory memory, DoceboProperties properties) {
        return new AccountMatcher(directory, memory, properties.username());
    }

    @Bean
    HeldActionsTopic heldActionsTopic(KafkaTemplate<String, byte[]> kafka, KafkaAdmin admin, JsonMapper json) {
        return new HeldActionsTopic(kafka, admin, json);
    }

    @Bean
    AlertSender syncAlerts(KafkaTemplate<String, byte[]> kafka, JsonMapper json) {
        return new SyncAlerts(kafka, json);
    }

    @Bean
    DeactivationBrake deactivationBrake(BrakeProperties brake, HeldActionsTopic held, WriterMemory memory,
            AlertSender alerts) {
        return new DeactivationBrake(brake.maxCount(), brake.maxPercent(), held, memory, alerts, Clock.systemUTC());
    }

    /** {@code brake} in health: what the safety brake holds (UP: holding is the brake working). */
    @Bean("brake")
    HealthIndicator brakeHealth(DeactivationBrake brake) {
        return () -> Health.up()
                .withDetail("held", brake.heldActions().size())
                .withDetail("threshold", brake.threshold())
                .build();
    }

    @Bean
    UserSync userSync(DoceboClient docebo, UserMapper mapper, WriterMemory memory, AccountMatcher accounts,
            DoceboDirectory directory, DoceboProperties properties, DeactivationBrake brake, ScopeProperties scope) {
        Clock clock = Clock.systemUTC();
        return new UserSync(mapper, memory, accounts, directory,
                new DoceboWrites(docebo, memory, accounts, directory, properties.batchSize(), clock), brake,
                EmployeeScope.parse(scope.filter()), clock);
    }

    /** Docebo refusing our credentials: one incident, alerted once, shown as {@code docebo} in health. */
    @Bean("docebo")
    CredentialsIncident doceboCredentials(AlertSender alerts, WriterRetryProperties retry) {
        return new CredentialsIncident(STAGE, "Docebo", STAGE + " holds its records and tries again every "
                + retry.authInterval().toMinutes() + " min (DOCEBO_AUTH_RETRY_INTERVAL); none is lost meanwhile.",
                alerts);
    }

    /** Docebo answering 429/503: one incident, shown as {@code doceboThrottle} in health, alerted if it lasts. */
    @Bean("doceboThrottle")
    ThrottleIncident doceboThrottle(AlertSender alerts, WriterRetryProperties retry, MeterRegistry meters) {
        return new ThrottleIncident(STAGE, "Docebo", retry.throttleAlertAfter(), retry.throttleMaxBackOff(), alerts,
                meters, Clock.systemUTC());
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
     * A poll that fails for a reason a retry may cure is retried in place from its first record, so one employee's
     * later change can never overtake an earlier one. Docebo throttling us, our own call budget spent, or refused
     * credentials hold the records (pausing the listener, not sleeping in it) for as long as that lasts; other
     * transient failures for {@code WRITER_RETRY_MAX_ELAPSED}, then the record goes to {@code hibob-employees-dlt}.
     */
    @Bean
    DefaultErrorHandler writerErrorHandler(DeadLetters deadLetters, WriterRetryProperties retry,
            KafkaListenerEndpointRegistry registry, ThreadPoolTaskScheduler scheduler, ThrottleIncident throttle,
            DoceboCallBudget budget) {
        ExponentialBackOff transientFailures = new ExponentialBackOff(1_000, 2.0);
        transientFailures.setMaxInterval(60_000);
        transientFailures.setMaxElapsedTime(retry.maxElapsed().toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, transientFailures,
                new ContainerPausingBackOffHandler(new ListenerContainerPauseService(registry, scheduler)));
        handler.addNotRetryableExceptions(DoceboRejectedException.class, UnmappableEmployeeException.class,
                UnreadableSnapshotException.class, RefusedChangeException.class);
        handler.setBackOffFunction((record, failure) -> backOffFor(failure, retry, throttle, budget));
        return handler;
    }

    /**
     * How a failed poll waits, by what failed; {@code null} for the transient-failure back-off. Docebo throttling us
     * never gives up: each wait is what the throttle incident says now (Retry-After, or a capped back-off).
     */
    static BackOff backOffFor(Exception failure, WriterRetryProperties retry, ThrottleIncident throttle,
            DoceboCallBudget budget) {
        Throwable cause = SyncDeadLetters.rootCause(failure);
        if (cause instanceof DoceboAuthException) {
            return new FixedBackOff(retry.authInterval().toMillis(), FixedBackOff.UNLIMITED_ATTEMPTS);
        }
        if (cause instanceof DoceboThrottledException) {
            return () -> () -> throttle.nextWait().toMillis();
        }
        if (cause instanceof DoceboBudgetSpentException) {
            return () -> () -> Math.max(1_000, budget.untilAvailable().toMillis());
        }
        if (cause instanceof DoceboUnavailableException unavailable && unavailable.retryAfter() != null) {
            long attempts = Math.max(1, retry.maxElapsed().toMillis() / Math.max(1, unavailable.retryAfter().toMillis()));
            return new FixedBackOff(unavailable.retryAfter().toMillis(), attempts);
        }
        return null;
    }
}
