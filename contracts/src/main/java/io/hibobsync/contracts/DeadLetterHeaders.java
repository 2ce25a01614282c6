package io.hibobsync.contracts;

/**
 * Headers on a dead-letter record ({@code <topic>-dlt}) besides spring-kafka's own {@code kafka_dlt-*} ones
 * (original topic, partition, offset, timestamp, exception class and message).
 */
public final class DeadLetterHeaders {

    /** The service that gave up on the record, e.g. {@code enrich-service}. */
    public static final String FAILED_STAGE = "sync-failed-stage";

    /** The HiBob employee the record is about. */
    public static final String EMPLOYEE_ID = "sync-employee-id";

    /**
     * Why the record was given up, when it is one of the sync's own refusals rather than an error: one of the
     * {@code REASON_*} values below. Absent for ordinary failures (the exception headers tell those).
     */
    public static final String REASON = "sync-failure-reason";

    /** The writer would have to take over a Docebo user that is not unambiguously this employee's. */
    public static final String REASON_IDENTITY_CONFLICT = "identity_conflict";

    /** HiBob still returns an employee that a webhook says was deleted, after the grace period. */
    public static final String REASON_DELETION_UNCONFIRMED = "deletion_unconfirmed";

    /** The change would deactivate or delete the Docebo account the sync itself signs in with. */
    public static final String REASON_PROTECTED_ACCOUNT = "protected_account";

    private DeadLetterHeaders() {
    }
}
