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

    private DeadLetterHeaders() {
    }
}
