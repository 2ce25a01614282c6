package io.hibobsync.notifier.kafka;

import io.hibobsync.notifier.NotifierProperties;
import io.hibobsync.notifier.mail.MailComposer;
import io.hibobsync.notifier.mail.Mailer;
import io.hibobsync.notifier.mail.NotifierMetrics;
import io.hibobsync.notifier.mail.ReplayCommand;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ContainerPausingBackOffHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerContainerPauseService;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSender;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.backoff.ExponentialBackOff;
import tools.jackson.databind.json.JsonMapper;

/** Wires the notifier: records from Kafka become mails, and offsets are committed after the mails. */
@Configuration(proxyBeanMethods = false)
class NotifierKafkaConfiguration {

    private static final Logger log = LoggerFactory.getLogger(NotifierKafkaConfiguration.class);

    @Bean
    MailComposer mailComposer(NotifierProperties properties, KafkaProperties kafka) {
        ReplayCommand replay = new ReplayCommand(properties.replayCommand(),
                String.join(",", kafka.getBootstrapServers()));
        return new MailComposer(replay, properties.digestMaxItems(), properties.reconciliationMaxExamples());
    }

    @Bean
    NotifierMetrics notifierMetrics(MeterRegistry registry) {
        return new NotifierMetrics(registry);
    }

    @Bean
    Mailer mailer(MailSender mailSender, MailComposer composer, NotifierProperties properties,
            NotifierMetrics metrics) {
        return new Mailer(mailSender, composer, properties, metrics);
    }

    @Bean
    ThreadPoolTaskScheduler notifierBackOffScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setThreadNamePrefix("notifier-backoff-");
        return scheduler;
    }

    /**
     * The listeners fail only when the SMTP server did not take a mail (or, by a bug, composing one failed). Their
     * records are then delivered again, from the one whose mail was not sent, after a back-off from
     * {@code NOTIFIER_SMTP_RETRY_INITIAL_INTERVAL} doubling up to {@code NOTIFIER_SMTP_RETRY_MAX_INTERVAL}, for as long
     * as it takes: skipping would commit a failure nobody was told about. A wait pauses the container rather than
     * sleeping in the consumer thread, so the consumer keeps polling and stays in its group however long SMTP is down.
     */
    @Bean
    DefaultErrorHandler notifierErrorHandler(NotifierProperties properties, KafkaListenerEndpointRegistry registry,
            ThreadPoolTaskScheduler notifierBackOffScheduler) {
        ExponentialBackOff untilSent = new ExponentialBackOff(properties.retryInitialInterval().toMillis(), 2.0);
        untilSent.setMaxInterval(properties.retryMaxInterval().toMillis());
        untilSent.setMaxElapsedTime(ExponentialBackOff.DEFAULT_MAX_ELAPSED_TIME);
        untilSent.setMaxAttempts(ExponentialBackOff.DEFAULT_MAX_ATTEMPTS);
        DefaultErrorHandler handler = new DefaultErrorHandler(null, untilSent, new ContainerPausingBackOffHandler(
                new ListenerContainerPauseService(registry, notifierBackOffScheduler)));
        // The Mailer says in a line what the SMTP server answered; the handler's stack traces would only repeat it.
        handler.setLogLevel(KafkaException.Level.DEBUG);
        handler.setRetryListeners((record, failure, attempt) -> {
            if (!causedBy(failure, MailException.class)) {
                log.error("Handling {}-{}@{} failed (attempt {}); it is tried again", record.topic(),
                        record.partition(), record.offset(), attempt, failure);
            }
        });
        return handler;
    }

    @Bean
    DeadLetterReader deadLetterReader(JsonMapper json) {
        return new DeadLetterReader(json, Clock.systemUTC());
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
