package io.hibobsync.kafka;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.validation.annotation.Validated;

/**
 * How the services create the topics they declare. Every service declares the topics it reads and writes, so
 * each must use the same figures: set them once for the whole deployment. Checked when the service starts: a
 * wrong value stops it with a message that names the variable.
 *
 * @param partitions          partitions per topic: the most consumers of one group that can work in parallel
 * @param replicationFactor   copies of each partition; {@code null} or {@code -1} takes the broker's
 *                            {@code default.replication.factor} (1 on a laptop, 3 on a typical cluster)
 * @param retention           {@code SYNC_TOPIC_RETENTION}: how long the webhook, snapshot and outcome topics
 *                            ({@code hibob-webhooks}, {@code hibob-employees}, {@code docebo-sync-outcomes}) keep a
 *                            record: a Spring duration such as {@code 30d} (the default when unset or blank), at
 *                            least {@code 1h}; {@code -1} or {@code infinite} keeps them forever
 * @param deadLetterRetention {@code SYNC_DEAD_LETTER_RETENTION}: how long the dead-letter topics ({@code *-dlt})
 *                            and {@code sync-alerts} keep a record; unset, blank, {@code -1} or {@code infinite}
 *                            (the default) keep it until it is replayed, whatever it takes; otherwise a duration
 *                            as for {@code retention}
 */
@Validated
@ConfigurationProperties("sync.topics")
public record SyncTopicsProperties(
        @Positive Integer partitions,
        @Min(-1) Short replicationFactor,
        String retention,
        String deadLetterRetention) {

    /** What {@code retention} is when unset: long enough to wait out a credentials incident over a holiday. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

    /** Kafka's {@code retention.ms} for "never delete by age". */
    public static final long INFINITE_RETENTION_MS = -1;

    static final String RETENTION_VARIABLE = "SYNC_TOPIC_RETENTION";
    static final String DEAD_LETTER_RETENTION_VARIABLE = "SYNC_DEAD_LETTER_RETENTION";

    // A bare number is milliseconds to Spring ("30" = 30 ms): a retention that short deletes records as they come.
    private static final Duration MINIMUM_RETENTION = Duration.ofHours(1);
    private static final String MINIMUM_RETENTION_TEXT = "1h";

    public SyncTopicsProperties {
        if (partitions == null) {
            partitions = 6;
        }
        // Checked here, so that a wrong value stops the service at start-up rather than when it declares topics.
        retentionMs(RETENTION_VARIABLE, retention, DEFAULT_RETENTION.toMillis());
        retentionMs(DEAD_LETTER_RETENTION_VARIABLE, deadLetterRetention, INFINITE_RETENTION_MS);
    }

    /** {@code retention.ms} of the webhook, snapshot and outcome topics: 30 days unless set. */
    public long retentionMs() {
        return retentionMs(RETENTION_VARIABLE, retention, DEFAULT_RETENTION.toMillis());
    }

    /** {@code retention.ms} of the dead-letter topics and {@code sync-alerts}: {@code -1} (infinite) unless set. */
    public long deadLetterRetentionMs() {
        return retentionMs(DEAD_LETTER_RETENTION_VARIABLE, deadLetterRetention, INFINITE_RETENTION_MS);
    }

    private static long retentionMs(String variable, String value, long unset) {
        if (value == null || value.isBlank()) {
            return unset;
        }
        String text = value.trim();
        if (text.equals("-1") || text.toLowerCase(Locale.ROOT).equals("infinite")) {
            return INFINITE_RETENTION_MS;
        }
        Duration duration;
        try {
            duration = DurationStyle.detectAndParse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(variable + " must be a duration such as 30d, 720h or P30D, or -1 / "
                    + "infinite to keep records forever; got '" + text + "'.");
        }
        if (duration.compareTo(MINIMUM_RETENTION) < 0) {
            throw new IllegalArgumentException(variable + " must be at least " + MINIMUM_RETENTION_TEXT
                    + " (or -1 / infinite to keep records forever), got '" + text + "'"
                    + (text.chars().allMatch(Character::isDigit) ? ", which is milliseconds: write a unit, e.g. 30d." : "."));
        }
        try {
            return duration.toMillis();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(variable + " is too long to be Kafka's retention.ms, got '" + text
                    + "': use -1 / infinite to keep records forever.");
        }
    }
}
