package io.hibobsync.notifier.mail;

import java.time.Instant;
import java.util.Optional;

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
 * @param reason         the sync's own refusal ({@code sync-failure-reason}, e.g. {@code identity_conflict}), or
 *                       {@code null} for an ordinary failure
 */
public record Failure(String stage, String employeeId, String email, String eventType, String error,
        String errorType, Instant failedAt, Instant firstWrittenAt, KafkaPosition deadLetter, KafkaPosition original,
        String reason) {

    /** An ordinary failure: no refusal reason. */
    public Failure(String stage, String employeeId, String email, String eventType, String error, String errorType,
            Instant failedAt, Instant firstWrittenAt, KafkaPosition deadLetter, KafkaPosition original) {
        this(stage, employeeId, email, eventType, error, errorType, failedAt, firstWrittenAt, deadLetter, original,
                null);
    }

    /** The refusal this failure is, when its reason is one the notifier knows. */
    public Optional<Refusal> refusal() {
        return Refusal.of(reason);
    }
}
