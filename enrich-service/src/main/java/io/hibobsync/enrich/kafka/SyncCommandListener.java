package io.hibobsync.enrich.kafka;

import io.hibobsync.contracts.SyncCommand;
import io.hibobsync.contracts.Topics;
import io.hibobsync.enrich.sync.ReceivedWebhook;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes {@code sync-commands} one record at a time (group {@value #GROUP}, its own container beside the webhook
 * listener's, one consumer thread) and carries out the {@link SyncCommand.Kind#FULL_SYNC} ones ({@link FullSync});
 * the other kinds are the writer's. A failure is thrown to the same error handler as the webhooks': retried in place,
 * waited out or, in the end, sent to {@code sync-commands-dlt}. One command per poll, and a longer
 * {@code max.poll.interval.ms}: a run reads the whole company, then publishes it.
 */
@Component
class SyncCommandListener {

    static final String ID = "enrich-commands";
    static final String GROUP = "enrich-service-commands";
    private static final Logger log = LoggerFactory.getLogger(SyncCommandListener.class);
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private final FullSync fullSync;

    SyncCommandListener(FullSync fullSync) {
        this.fullSync = fullSync;
    }

    @KafkaListener(id = ID, topics = Topics.SYNC_COMMANDS, groupId = GROUP, batch = "false", concurrency = "1",
            properties = {"max.poll.records=1", "max.poll.interval.ms=900000"})
    void onCommand(ConsumerRecord<String, byte[]> record) {
        Instant receivedAt = Instant.now();
        SyncCommand command;
        try {
            command = JSON.readValue(record.value(), SyncCommand.class);
        } catch (JacksonException | IllegalArgumentException unreadable) {
            log.warn("{} is not a SyncCommand enrich-service can read ({}); skipped",
                    ReceivedWebhook.coordinates(record), unreadable.getMessage());
            return;
        }
        if (command == null || command.kind() != SyncCommand.Kind.FULL_SYNC) {
            log.debug("{}: {} is not for enrich-service; skipped", ReceivedWebhook.coordinates(record),
                    command == null ? "nothing" : command.kind());
            return;
        }
        if (command.commandId() == null || command.commandId().isBlank()) {
            if (record.key() == null || record.key().isBlank()) {
                log.warn("{}: a FULL_SYNC without a command id (the run id); skipped",
                        ReceivedWebhook.coordinates(record));
                return;
            }
            command = new SyncCommand(record.key(), command.kind(), command.employeeIds(), command.requestedBy(),
                    command.at(), command.plan());
        }
        fullSync.run(command, receivedAt, record.timestamp() < 0 ? null : Instant.ofEpochMilli(record.timestamp()));
    }

    /** Whether a command record asks for a dry run, for counting one that could not be carried out. */
    static boolean plan(Object value) {
        if (value instanceof byte[] bytes) {
            try {
                JsonNode plan = JSON.readTree(bytes).get("plan");
                return plan != null && plan.asBoolean(false);
            } catch (RuntimeException unreadable) {
                return false;
            }
        }
        return false;
    }
}
