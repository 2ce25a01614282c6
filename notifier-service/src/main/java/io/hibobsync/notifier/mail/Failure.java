package io.hibobsync.notifier.mail;

import java.time.Instant;

/**
 * One record a stage of the sync gave up on, as a mail tells it: no personal data besides the employee's id and
 * email, and an error text already cleaned ({@link ErrorText}).
 *
 * @param stage          the service that gave up, e.g. {@code docebo-writer-service}
 * @param employeeId     the HiBob employee id, {@code null} when the record names none
 * @param email          the employee's work email when the record holds it, else {@code null}
 * @param eventType      the HiBob event type behind the record, e.g. {@code employee.updated}, or {@code null}
 * @param error          what went wrong, in the stage's words
 * @param errorType      the simple class name of the failure, e.g. {@code DoceboRejectedException}, or {@code null}
 * @param failedAt       when the record was dead-lettered (the dead-letter record's timestamp)
 * @param firstWrittenAt when the original record was written, or {@code null}
 * @param deadLetter     the dead-letter record: what the replay command moves back
 * @param original       where the record was when it failed, or {@code null} when the headers do not say
 */
public record Failure(String stage, String employeeId, String email, String eventType, String error,
        String errorType, Instant failedAt, Instant firstWrittenAt, KafkaPosition deadLetter, KafkaPosition original) {
}
