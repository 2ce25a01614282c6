package io.hibobsync.notifier.kafka;

import io.hibobsync.contracts.ConfigurationAlert;
import io.hibobsync.contracts.Topics;
import io.hibobsync.notifier.kafka.Incidents.Decision;
import io.hibobsync.notifier.mail.KafkaPosition;
import io.hibobsync.notifier.mail.MailComposer;
import io.hibobsync.notifier.mail.MailContent;
import io.hibobsync.notifier.mail.Mailer;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Mails the incidents on {@code sync-alerts} (group {@code NOTIFIER_GROUP_ID-alerts}), credentials refused, API
 * throttling and deactivations held by the safety brake: once when one starts, once when it ends, however many
 * alerts the services publish in between (a held episode alerting again with a larger count is no new mail: the
 * first says that {@code sync-replay held} shows the current list). Each kind is its own incident: a service
 * throttled while its credentials are refused gets a mail for each, and the end of one does not end the other.
 * <p>
 * What was already told survives a restart: on assignment the partition is read from its beginning, and the alerts
 * before the committed offset only rebuild the state (no mail); from the committed offset on, alerts are decided
 * and mailed. The topic holds a record per incident edge, so this costs little.
 * <p>
 * An alert is acknowledged (its offset committed) once its mail was sent, or once it is found to need none; only
 * then is the incident's state updated, so an alert whose mail the SMTP server refused is decided the same when the
 * container delivers it again after its back-off.
 */
@Component
class AlertListener implements ConsumerSeekAware {

    static final String ID = "notifier-alerts";
    private static final Logger log = LoggerFactory.getLogger(AlertListener.class);

    private final Mailer mailer;
    private final MailComposer composer;
    private final JsonMapper json;
    private final Incidents incidents = new Incidents();
    private final ReadAgainFromStart readAgain = new ReadAgainFromStart();

    AlertListener(Mailer mailer, MailComposer composer, JsonMapper json) {
        this.mailer = mailer;
        this.composer = composer;
        this.json = json;
    }

    @KafkaListener(id = ID, topics = Topics.SYNC_ALERTS, groupId = "${notifier.group-id}-alerts")
    void onAlert(ConsumerRecord<String, byte[]> record, Acknowledgment acknowledgment) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        ConfigurationAlert alert = parse(record);
        if (readAgain.handledBefore(record)) {
            if (alert != null) {
                incidents.told(key(record, alert), alert, partition);
            }
            return;
        }
        if (alert == null) {
            acknowledgment.acknowledge();
            return;
        }
        String key = key(record, alert);
        Instant since = incidents.openSince(key);
        KafkaPosition position = new KafkaPosition(record.topic(), record.partition(), record.offset());
        Decision decision = incidents.decide(key, alert);
        MailContent mail = switch (decision) {
            case STARTED -> switch (alert.kind()) {
                case THROTTLED -> composer.throttled(alert, publishedAt(record), position);
                case HELD -> composer.held(alert, position);
                case CREDENTIALS -> composer.credentialsRefused(alert, position);
            };
            case RESOLVED -> switch (alert.kind()) {
                case THROTTLED -> composer.throttleEnded(alert, since, position);
                case HELD -> composer.heldResolved(alert, since, position);
                case CREDENTIALS -> composer.credentialsAccepted(alert, since, position);
            };
            case ALREADY_KNOWN -> null;
        };
        if (mail == null) {
            log.info("Alert {} at {} is about an incident already reported; no mail", key, position);
        } else {
            mailer.send("alert", mail);
        }
        incidents.told(key, alert, partition);
        acknowledgment.acknowledge();
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        readAgain.assigned(assignments, callback);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        readAgain.revoked(partitions);
        incidents.forget(partitions);
    }

    private ConfigurationAlert parse(ConsumerRecord<String, byte[]> record) {
        try {
            ConfigurationAlert alert = record.value() == null ? null
                    : json.readValue(record.value(), ConfigurationAlert.class);
            if (alert == null || alert.service() == null || alert.system() == null) {
                throw new IllegalArgumentException("no service or system");
            }
            return alert;
        } catch (RuntimeException e) {
            log.warn("The record at {}/{}@{} is not a ConfigurationAlert ({}); skipped", record.topic(),
                    record.partition(), record.offset(), e.getMessage());
            return null;
        }
    }

    /**
     * The incident an alert belongs to: its kind and record key ({@link ConfigurationAlert#key()} when it has none).
     * The kind is part of it even though the services key each kind apart, so that no key can mix two incidents.
     */
    private static String key(ConsumerRecord<String, byte[]> record, ConfigurationAlert alert) {
        String key = record.key() != null && !record.key().isBlank() ? record.key() : alert.key();
        return alert.kind().name().toLowerCase(Locale.ROOT) + " " + key;
    }

    /** When the service published the alert, {@code null} when the record does not say. */
    private static Instant publishedAt(ConsumerRecord<String, byte[]> record) {
        return record.timestamp() < 0 ? null : Instant.ofEpochMilli(record.timestamp());
    }
}
