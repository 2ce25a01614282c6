package io.hibobsync.replay;

import io.hibobsync.contracts.DeadLetterHeaders;
import io.hibobsync.contracts.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One record of a {@code <topic>-dlt} topic, read as spring-kafka's {@code DeadLetterPublishingRecoverer} and the
 * services write it: the original key and value bytes, the original record's headers, spring-kafka's
 * {@code kafka_dlt-*} headers (original topic, partition and offset as big-endian int/long, exception class and
 * message as UTF-8) and the sync's own {@link DeadLetterHeaders}.
 */
record DeadLetter(ConsumerRecord<byte[], byte[]> record, String originalTopic, Integer originalPartition,
                  Long originalOffset, String employeeId, String stage, String exceptionClass, String causeClass,
                  String exceptionMessage) {

    /** spring-kafka's {@code KafkaHeaders.DLT_*}: every one of them starts so. */
    static final String SPRING_DLT_HEADER_PREFIX = "kafka_dlt-";
    static final String ORIGINAL_TOPIC = "kafka_dlt-original-topic";
    static final String ORIGINAL_PARTITION = "kafka_dlt-original-partition";
    static final String ORIGINAL_OFFSET = "kafka_dlt-original-offset";
    static final String EXCEPTION_FQCN = "kafka_dlt-exception-fqcn";
    static final String EXCEPTION_CAUSE_FQCN = "kafka_dlt-exception-cause-fqcn";
    static final String EXCEPTION_MESSAGE = "kafka_dlt-exception-message";

    /** Put on every replayed record: {@code <dlt topic>/<partition>@<offset>} of the dead letter it came from. */
    static final String REPLAYED_FROM = "sync-replayed-from";

    private static final String DEAD_LETTER_SUFFIX = Topics.deadLetterTopicOf("");

    /**
     * spring-kafka's message is the listener wrapper's ("Listener method '…' threw exception") then "; " and the
     * root cause's: only the cause tells a person anything. Filters still see the whole message.
     */
    private static final Pattern LISTENER_PREFIX = Pattern.compile("^Listener .*?(?:threw(?: an)? exception|failed); ");

    static DeadLetter of(ConsumerRecord<byte[], byte[]> record) {
        Headers headers = record.headers();
        String originalTopic = text(headers, ORIGINAL_TOPIC);
        if (originalTopic == null) {
            // A dead letter written without spring-kafka's headers: the naming convention still tells.
            originalTopic = record.topic().substring(0, record.topic().length() - DEAD_LETTER_SUFFIX.length());
        }
        String employeeId = text(headers, DeadLetterHeaders.EMPLOYEE_ID);
        if (employeeId == null && record.key() != null) {
            employeeId = new String(record.key(), StandardCharsets.UTF_8);
        }
        return new DeadLetter(record, originalTopic, (Integer) number(headers, ORIGINAL_PARTITION, Integer.BYTES),
                (Long) number(headers, ORIGINAL_OFFSET, Long.BYTES), employeeId,
                text(headers, DeadLetterHeaders.FAILED_STAGE), text(headers, EXCEPTION_FQCN),
                text(headers, EXCEPTION_CAUSE_FQCN), text(headers, EXCEPTION_MESSAGE));
    }

    static boolean isDeadLetterTopic(String topic) {
        return topic.endsWith(DEAD_LETTER_SUFFIX) && topic.length() > DEAD_LETTER_SUFFIX.length();
    }

    /** When the record was dead-lettered: spring-kafka gives the dead letter a timestamp of its own. */
    Instant deadLetteredAt() {
        return Instant.ofEpochMilli(record.timestamp());
    }

    String location() {
        return record.topic() + "/" + record.partition() + "@" + record.offset();
    }

    /** Whether {@code text} occurs, ignoring case, in the exception's message or class names. */
    boolean errorContains(String text) {
        String wanted = text.toLowerCase(Locale.ROOT);
        for (String candidate : new String[] {exceptionMessage, exceptionClass, causeClass}) {
            if (candidate != null && candidate.toLowerCase(Locale.ROOT).contains(wanted)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The headers the record had before it failed: the dead letter's own ones ({@code kafka_dlt-*},
     * {@link DeadLetterHeaders}, an earlier replay's mark) removed, this replay's mark added.
     */
    Headers replayHeaders() {
        RecordHeaders replay = new RecordHeaders();
        for (Header header : record.headers()) {
            String key = header.key();
            if (!key.startsWith(SPRING_DLT_HEADER_PREFIX) && !key.equals(DeadLetterHeaders.FAILED_STAGE)
                    && !key.equals(DeadLetterHeaders.EMPLOYEE_ID) && !key.equals(REPLAYED_FROM)) {
                replay.add(header);
            }
        }
        replay.add(REPLAYED_FROM, location().getBytes(StandardCharsets.UTF_8));
        return replay;
    }

    /** One line for a person: when it failed, who, where it came from, why. */
    String describe() {
        StringBuilder line = new StringBuilder()
                .append(location())
                .append("  failed ").append(deadLetteredAt())
                .append("  employee ").append(employeeId == null ? "-" : employeeId)
                .append("  stage ").append(stage == null ? "-" : stage)
                .append("  from ").append(originalTopic);
        if (originalPartition != null) {
            line.append('/').append(originalPartition);
            if (originalOffset != null) {
                line.append('@').append(originalOffset);
            }
        }
        line.append("  error ").append(error());
        return line.toString();
    }

    private String error() {
        String type = causeClass != null ? causeClass : exceptionClass;
        String simpleType = type == null ? null : type.substring(type.lastIndexOf('.') + 1);
        String message = exceptionMessage == null ? "" : LISTENER_PREFIX.matcher(exceptionMessage).replaceFirst("")
                .replaceAll("\\s+", " ").trim();
        if (simpleType == null) {
            return message.isEmpty() ? "-" : message;
        }
        return message.isEmpty() ? simpleType : simpleType + ": " + message;
    }

    private static String text(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * spring-kafka writes partition and offset as big-endian binary numbers; other tools write them as text. A
     * value of ASCII digits only is text: as a binary partition or offset it would be absurdly large.
     */
    private static Number number(Headers headers, String key, int binaryLength) {
        Header header = headers.lastHeader(key);
        if (header == null || header.value() == null || header.value().length == 0) {
            return null;
        }
        byte[] value = header.value();
        boolean digits = true;
        for (byte b : value) {
            digits &= b >= '0' && b <= '9';
        }
        if (!digits && value.length == binaryLength) {
            ByteBuffer buffer = ByteBuffer.wrap(value);
            return binaryLength == Integer.BYTES ? (Number) buffer.getInt() : (Number) buffer.getLong();
        }
        try {
            String text = new String(value, StandardCharsets.UTF_8).trim();
            return binaryLength == Integer.BYTES ? (Number) Integer.valueOf(text) : (Number) Long.valueOf(text);
        } catch (NumberFormatException unreadable) {
            return null;
        }
    }
}
