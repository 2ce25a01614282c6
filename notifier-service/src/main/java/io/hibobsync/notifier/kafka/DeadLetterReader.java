package io.hibobsync.notifier.kafka;

import io.hibobsync.contracts.DeadLetterHeaders;
import io.hibobsync.contracts.Topics;
import io.hibobsync.contracts.WebhookEnvelope;
import io.hibobsync.contracts.WebhookHeaders;
import io.hibobsync.notifier.mail.ErrorText;
import io.hibobsync.notifier.mail.Failure;
import io.hibobsync.notifier.mail.KafkaPosition;
import io.hibobsync.notifier.mail.Refusal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.KafkaHeaders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a dead-letter record into a {@link Failure}: the cause from spring-kafka's {@code kafka_dlt-*} headers and
 * ours ({@link DeadLetterHeaders}: stage, employee, and the reason of a refusal), the event type and email from the
 * value: a HiBob webhook (read as every service reads it: {@link WebhookEnvelope}) or an {@code EmployeeSnapshot}
 * ({@code event}, {@code email}). Nothing else of the value is read, so no other personal data can reach a mail.
 * Never throws: a record it cannot make sense of is still reported, with what is known.
 */
final class DeadLetterReader {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterReader.class);
    private static final Pattern EMAIL = Pattern.compile("[^\\s@]{1,64}@[^\\s@]{1,190}");
    private static final Pattern CONTROL_OR_SPACE = Pattern.compile("[\\p{Cntrl}\\s]+");
    /** spring-kafka's wrappers around what a listener threw: never the failure itself. */
    private static final Set<String> LISTENER_WRAPPERS = Set.of("ListenerExecutionFailedException",
            "BatchListenerFailedException", "TimestampedException");
    /**
     * A cause of the failure in a Java stack trace: {@code Caused by: io.hibobsync.enrich.hibob.EmployeeNotFound…}.
     * Indented ones are causes of suppressed exceptions, not of the failure.
     */
    private static final Pattern CAUSED_BY = Pattern.compile("(?m)^Caused by: ([\\w.$]+)");
    /** The stage that reads each topic, for dead letters written without {@link DeadLetterHeaders#FAILED_STAGE}. */
    private static final Map<String, String> READERS = Map.of(
            Topics.HIBOB_WEBHOOKS, "enrich-service",
            Topics.HIBOB_EMPLOYEES, "docebo-writer-service");

    private final JsonMapper json;
    private final Clock clock;

    DeadLetterReader(JsonMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    Failure read(ConsumerRecord<String, byte[]> record) {
        try {
            return parse(record);
        } catch (RuntimeException e) {
            log.warn("Dead letter {}/{}@{} is unusual ({}); reporting what is known", record.topic(),
                    record.partition(), record.offset(), e.toString());
            String reason = oneLine(text(record, DeadLetterHeaders.REASON), 64);
            return new Failure("unknown stage", oneLine(record.key(), 64), null, null,
                    ErrorText.clean(text(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE), errorLength(reason)), null,
                    timestamp(record), null, position(record), null, reason);
        }
    }

    private Failure parse(ConsumerRecord<String, byte[]> record) {
        JsonNode value = jsonObject(record.value());
        WebhookEnvelope webhook = webhook(record.value());
        String originalTopic = text(record, KafkaHeaders.DLT_ORIGINAL_TOPIC);
        if (originalTopic == null && record.topic().endsWith("-dlt")) {
            originalTopic = record.topic().substring(0, record.topic().length() - "-dlt".length());
        }
        String stage = firstOf(text(record, DeadLetterHeaders.FAILED_STAGE), READERS.get(originalTopic),
                "the stage reading " + originalTopic);

        String employeeId = firstOf(text(record, DeadLetterHeaders.EMPLOYEE_ID), record.key(),
                field(value, "employeeId"), webhook == null ? null : webhook.employeeId());
        String email = firstOf(field(value, "email"), webhook == null ? null : webhook.email());
        String eventType = firstOf(field(value, "event"), webhook == null ? null : webhook.type(),
                text(record, WebhookHeaders.EVENT_TYPE));

        Number originalPartition = number(record, KafkaHeaders.DLT_ORIGINAL_PARTITION);
        Number originalOffset = number(record, KafkaHeaders.DLT_ORIGINAL_OFFSET);
        Number originalTimestamp = number(record, KafkaHeaders.DLT_ORIGINAL_TIMESTAMP);
        String reason = oneLine(text(record, DeadLetterHeaders.REASON), 64);

        return new Failure(
                oneLine(stage, 80),
                oneLine(employeeId, 64),
                email != null && EMAIL.matcher(email.strip()).matches() ? email.strip() : null,
                oneLine(eventType, 80),
                ErrorText.clean(text(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE), errorLength(reason)),
                errorType(record),
                timestamp(record),
                originalTimestamp == null || originalTimestamp.longValue() < 0 ? null
                        : Instant.ofEpochMilli(originalTimestamp.longValue()),
                position(record),
                originalTopic == null || originalPartition == null || originalOffset == null ? null
                        : new KafkaPosition(oneLine(originalTopic, 249), originalPartition.intValue(),
                                originalOffset.longValue()),
                reason);
    }

    /**
     * The class of what failed. spring-kafka names the cause under its {@code ListenerExecutionFailedException};
     * for a batch listener that is the {@code BatchListenerFailedException} the listener threw around the real
     * failure, so the stack trace it records tells the first cause below its wrappers.
     */
    private static String errorType(ConsumerRecord<?, ?> record) {
        String named = simpleName(firstOf(text(record, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN),
                text(record, KafkaHeaders.DLT_EXCEPTION_FQCN)));
        if (named == null || !LISTENER_WRAPPERS.contains(named)) {
            return named;
        }
        String trace = text(record, KafkaHeaders.DLT_EXCEPTION_STACKTRACE);
        if (trace != null) {
            Matcher cause = CAUSED_BY.matcher(trace);
            while (cause.find()) {
                String name = simpleName(cause.group(1));
                if (name != null && !LISTENER_WRAPPERS.contains(name)) {
                    return name;
                }
            }
        }
        return named;
    }

    /** A refusal's message names the users in conflict: it may be longer than an error. */
    private static int errorLength(String reason) {
        return Refusal.of(reason).isPresent() ? ErrorText.MAX_REFUSAL_LENGTH : ErrorText.MAX_LENGTH;
    }

    private JsonNode jsonObject(byte[] value) {
        if (value == null || value.length == 0) {
            return json.missingNode();
        }
        try {
            JsonNode node = json.readTree(value);
            return node != null && node.isObject() ? node : json.missingNode();
        } catch (RuntimeException notJson) {
            return json.missingNode();
        }
    }

    /** The value as a HiBob webhook, or {@code null} when it is none (a snapshot, or unreadable). */
    private static WebhookEnvelope webhook(byte[] value) {
        try {
            return value == null ? null : WebhookEnvelope.parse(value);
        } catch (WebhookEnvelope.InvalidWebhookException notAWebhook) {
            return null;
        }
    }

    private static String field(JsonNode node, String name) {
        JsonNode field = node.path(name);
        return field.isString() && !field.asString().isBlank() ? field.asString() : null;
    }

    private Instant timestamp(ConsumerRecord<?, ?> record) {
        return record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp()) : clock.instant();
    }

    private static KafkaPosition position(ConsumerRecord<?, ?> record) {
        return new KafkaPosition(record.topic(), record.partition(), record.offset());
    }

    private static String text(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null || header.value() == null || header.value().length == 0) {
            return null;
        }
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    /** spring-kafka writes partitions as 4-byte and offsets and timestamps as 8-byte big-endian numbers. */
    private static Number number(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null || header.value() == null) {
            return null;
        }
        byte[] bytes = header.value();
        if (bytes.length == Integer.BYTES) {
            return ByteBuffer.wrap(bytes).getInt();
        }
        if (bytes.length == Long.BYTES) {
            return ByteBuffer.wrap(bytes).getLong();
        }
        try {
            return Long.parseLong(new String(bytes, StandardCharsets.UTF_8).strip());
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    private static String simpleName(String className) {
        if (className == null) {
            return null;
        }
        String name = className.strip();
        name = name.substring(Math.max(name.lastIndexOf('.'), name.lastIndexOf('$')) + 1);
        return name.isEmpty() ? null : oneLine(name, 80);
    }

    private static String firstOf(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate;
            }
        }
        return null;
    }

    /** Record values end up in a subject line: one line, bounded. */
    private static String oneLine(String value, int maxLength) {
        if (value == null) {
            return null;
        }
        String line = CONTROL_OR_SPACE.matcher(value).replaceAll(" ").strip();
        return line.isEmpty() ? null : ErrorText.cap(line, maxLength);
    }
}
