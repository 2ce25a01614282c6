package io.hibobsync.kafka;

import io.hibobsync.contracts.DeadLetterHeaders;
import io.hibobsync.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * The one way a stage sends a record it gives up on to its dead-letter topic: {@code <topic>-dlt}, the same
 * partition, the record's bytes unchanged, spring-kafka's {@code kafka_dlt-*} headers (the exception) and ours
 * ({@link DeadLetterHeaders}: the stage, the employee, the reason of a refusal), which the notifier's mail and
 * {@code sync-replay} read.
 *
 * @param stage      the service giving up ({@link DeadLetterHeaders#FAILED_STAGE})
 * @param employeeId the employee a record is about, or {@code null}
 * @param reason     a refusal's reason ({@link DeadLetterHeaders#REASON}) for a failure, or {@code null}
 */
public record SyncDeadLetters(String stage, Function<ConsumerRecord<?, ?>, String> employeeId,
        Function<Exception, String> reason) {

    /** spring-kafka's recoverer, publishing through {@code kafka} (a byte[] value serializer: bytes unchanged). */
    public DeadLetterPublishingRecoverer recoverer(KafkaOperations<?, ?> kafka) {
        var recoverer = new DeadLetterPublishingRecoverer(kafka,
                (record, exception) -> new TopicPartition(Topics.deadLetterTopicOf(record.topic()), record.partition()));
        recoverer.setHeadersFunction(this::headers);
        return recoverer;
    }

    /** Our headers for a record given up on because of {@code failure}. */
    public Headers headers(ConsumerRecord<?, ?> record, Exception failure) {
        var headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.FAILED_STAGE, stage.getBytes(StandardCharsets.UTF_8));
        String employee = employeeId.apply(record);
        if (employee != null) {
            headers.add(DeadLetterHeaders.EMPLOYEE_ID, employee.getBytes(StandardCharsets.UTF_8));
        }
        String refusal = reason.apply(failure);
        if (refusal != null) {
            headers.add(DeadLetterHeaders.REASON, refusal.getBytes(StandardCharsets.UTF_8));
        }
        return headers;
    }

    /** The innermost cause: what failed, behind spring-kafka's and our wrappers. */
    public static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
