package io.hibobsync.notifier.kafka;

import io.hibobsync.notifier.NotifierProperties;
import io.hibobsync.notifier.digest.NotifierMetrics;
import io.hibobsync.notifier.digest.Outbox;
import io.hibobsync.notifier.mail.MailComposer;
import io.hibobsync.notifier.mail.ReplayCommand;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.mail.MailSender;
import org.springframework.util.backoff.FixedBackOff;
import tools.jackson.databind.json.JsonMapper;

/** Wires the notifier: records from Kafka into the outbox, mails out, offsets committed after the mails. */
@Configuration(proxyBeanMethods = false)
class NotifierKafkaConfiguration {

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
    Outbox outbox(MailSender mailSender, MailComposer composer, NotifierProperties properties, NotifierMetrics metrics,
            ObjectProvider<KafkaListenerEndpointRegistry> registry) {
        Outbox.Intake deadLetters = new Outbox.Intake() {
            @Override
            public void pause() {
                container().pause();
            }

            @Override
            public void resume() {
                container().resume();
            }

            private MessageListenerContainer container() {
                return registry.getObject().getListenerContainer(DeadLetterListener.ID);
            }
        };
        return new Outbox(mailSender, composer, properties, metrics, deadLetters, Clock.systemUTC());
    }

    /**
     * The listeners only hand records over and never throw. Should one fail all the same, the record is tried again,
     * never skipped: skipping would commit a failure nobody was told about.
     */
    @Bean
    DefaultErrorHandler notifierErrorHandler() {
        return new DefaultErrorHandler(new FixedBackOff(5_000, FixedBackOff.UNLIMITED_ATTEMPTS));
    }

    @Bean
    DeadLetterReader deadLetterReader(JsonMapper json) {
        return new DeadLetterReader(json, Clock.systemUTC());
    }
}
