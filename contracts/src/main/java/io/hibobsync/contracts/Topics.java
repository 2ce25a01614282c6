package io.hibobsync.contracts;

/**
 * The Kafka topics of the sync, in pipeline order. Every record on them is keyed by the HiBob employee id,
 * so one employee's changes stay on one partition, in order.
 */
public final class Topics {

    /** What HiBob sent us: the webhook body exactly as received, receipt metadata in {@link WebhookHeaders}. */
    public static final String HIBOB_WEBHOOKS = "hibob-webhooks";

    /** The employee as HiBob describes them now, read after a webhook. */
    public static final String HIBOB_EMPLOYEES = "hibob-employees";

    /** What the writer did in Docebo for each employee record: the audit trail. */
    public static final String DOCEBO_SYNC_OUTCOMES = "docebo-sync-outcomes";

    /** A service cannot work because HiBob or Docebo refuses our credentials: one record per incident. */
    public static final String SYNC_ALERTS = "sync-alerts";

    /**
     * What an administrator asks of the sync ({@link SyncCommand}), so that any instance can act on it and the
     * command line stays a thin client.
     */
    public static final String SYNC_COMMANDS = "sync-commands";

    /**
     * Deactivations and deletions the safety brake holds until an administrator approves or rejects them
     * ({@link HeldAction}), compacted, keyed by employee id: they survive restarts.
     */
    public static final String SYNC_HELD = "sync-held";

    /**
     * What a full sync did or, as a dry run, would do: one {@link PlanEntry} per employee and one
     * {@link RunProgress} per partition once the writer has seen the whole run there. Keyed by run id.
     */
    public static final String SYNC_PLANS = "sync-plans";

    private static final String DEAD_LETTER_SUFFIX = "-dlt";

    private Topics() {
    }

    /** Where records of {@code topic} go when they cannot be processed (spring-kafka's default naming). */
    public static String deadLetterTopicOf(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
