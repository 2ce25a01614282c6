package io.hibobsync.enrich.kafka;

import io.hibobsync.contracts.DeadLetterHeaders;
import io.hibobsync.contracts.Topics;
import io.hibobsync.contracts.WebhookEnvelope;
import io.hibobsync.enrich.hibob.DeletionUnconfirmedException;
import io.hibobsync.enrich.hibob.HibobProperties;
import io.hibobsync.enrich.sync.EnrichMetrics;
import io.hibobsync.kafka.AlertSender;
import io.hibobsync.kafka.SyncAlerts;
import io.hibobsync.kafka.SyncDeadLetters;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ContainerPausingBackOffHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerContainerPauseService;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.backoff.FixedBackOff;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one error handler of enrich-service, shared by both listener containers (the webhooks' batch listener and the
 * commands' record listener): {@link DefaultErrorHandler} with
 * <ul>
 *   <li>{@link RetryPolicy} as the back-off function and retry listener: waits chosen by what failed, retried in
 *       place so one employee's webhooks stay in order;</li>
 *   <li>{@link ContainerPausingBackOffHandler}: a wait pauses the listener container and resumes it later,
 *       instead of sleeping in the consumer thread, so even a 5-minute wait never exceeds
 *       {@code max.poll.interval.ms};</li>
 *   <li>{@link DeadLetterPublishingRecoverer}: a webhook that cannot be enriched goes, byte for byte, to
 *       {@code hibob-webhooks-dlt} (same partition) with spring-kafka's {@code kafka_dlt-*} headers plus
 *       {@link DeadLetterHeaders#FAILED_STAGE} and {@link DeadLetterHeaders#EMPLOYEE_ID}, and
 *       {@link DeadLetterHeaders#REASON} {@code deletion_unconfirmed} for an {@code employee.deleted} HiBob does
 *       not confirm.</li>
 *   <li>for a {@code FULL_SYNC} command that cannot be carried out: {@code sync-commands-dlt} (same partition), value
 *       and key (the run id) unchanged, with {@link DeadLetterHeaders#FAILED_STAGE}.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class ErrorHandlingConfiguration {

    static final String STAGE = "enrich-service";
    private static final SyncDeadLetters DEAD_LETTERS = new SyncDeadLetters(STAGE,
            ErrorHandlingConfiguration::employeeId, ErrorHandlingConfiguration::reason);

    @Bean
    RetryPolicy enrichRetryPolicy(RetryProperties retry, HibobProperties hibob, EnrichMetrics metrics) {
        return new RetryPolicy(retry, hibob.authRetryInterval(), metrics);
    }

    @Bean
    ByteArrayProducer byteArrayProducer(ProducerFactory<?, ?> producerFactory) {
        return new ByteArrayProducer(producerFactory);
    }

    @Bean
    AlertSender syncAlerts(ByteArrayProducer producer, JsonMapper json) {
        return new SyncAlerts(producer.template(), json);
    }

    @Bean
    ResumeScheduler resumeScheduler() {
        return new ResumeScheduler();
    }

    @Bean
    DefaultErrorHandler enrichErrorHandler(RetryPolicy policy, RetryProperties retry, ByteArrayProducer deadLetters,
            ResumeScheduler resumeScheduler, KafkaListenerEndpointRegistry registry) {
        var recoverer = DEAD_LETTERS.recoverer(deadLetters.template());
        var pauser = new ListenerContainerPauseService(registry, resumeScheduler.scheduler);
        // Every record's back-off comes from the policy; spring-kafka's default one serves only where no record is
        // named (a batch listener failing without BatchListenerFailedException, which enrich's never does).
        var fallback = new FixedBackOff(retry.initialInterval().toMillis(), FixedBackOff.UNLIMITED_ATTEMPTS);
        var handler = new DefaultErrorHandler(recoverer, fallback, new ContainerPausingBackOffHandler(pauser));
        handler.setBackOffFunction(policy::backOff);
        handler.setRetryListeners(policy);
        // RetryPolicy logs each failure once, in words; the handler's own stack traces would only repeat it.
        handler.setLogLevel(KafkaException.Level.DEBUG);
        return handler;
    }

    static Headers deadLetterHeaders(ConsumerRecord<?, ?> record, Exception exception) {
        return DEAD_LETTERS.headers(record, exception);
    }

    /** An {@code employee.deleted} HiBob does not confirm is marked, for the mail and for sync-replay. */
    private static String reason(Exception exception) {
        return RetryPolicy.cause(exception) instanceof DeletionUnconfirmedException
                ? DeadLetterHeaders.REASON_DELETION_UNCONFIRMED : null;
    }

    private static String employeeId(ConsumerRecord<?, ?> record) {
        if (Topics.SYNC_COMMANDS.equals(record.topic())) {
            // Keyed by the run id: about no one employee.
            return null;
        }
        if (record.key() instanceof String key && !key.isBlank()) {
            return key;
        }
        if (record.value() instanceof byte[] body) {
            try {
                return WebhookEnvelope.parse(body).employeeId();
            } catch (RuntimeException notAWebhook) {
                return null;
            }
        }
        return null;
    }

    /**
     * Sends bytes as they are: dead letters keep the webhook's bytes, alerts are JSON made by {@link SyncAlerts}; the
     * JSON serializer of the snapshot producer would re-encode both.
     */
    static final class ByteArrayProducer implements DisposableBean {

        private final KafkaTemplate<String, byte[]> template;

        @SuppressWarnings("unchecked")
        ByteArrayProducer(ProducerFactory<?, ?> producerFactory) {
            this.template = new KafkaTemplate<>((ProducerFactory<String, byte[]>) producerFactory, Map.of(
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        }

        KafkaTemplate<String, byte[]> template() {
            return template;
        }

        @Override
        public void destroy() {
            template.destroy();
        }
    }

    /** Resumes paused containers when a back-off ends; not a bean of its own, to leave Boot's executors alone. */
    static final class ResumeScheduler implements DisposableBean {

        private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

        ResumeScheduler() {
            scheduler.setThreadNamePrefix("enrich-resume-");
            scheduler.initialize();
        }

        @Override
        public void destroy() {
            scheduler.shutdown();
        }
    }
}
