package io.hibobsync.kafka;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How the services create the topics they declare. Every service declares the topics it reads and writes, so
 * each must use the same figures: set them once for the whole deployment.
 *
 * @param partitions        partitions per topic: the most consumers of one group that can work in parallel
 * @param replicationFactor copies of each partition; {@code null} or {@code -1} takes the broker's
 *                          {@code default.replication.factor} (1 on a laptop, 3 on a typical cluster)
 */
@Validated
@ConfigurationProperties("sync.topics")
public record SyncTopicsProperties(@Positive Integer partitions, @Min(-1) Short replicationFactor) {

    public SyncTopicsProperties {
        if (partitions == null) {
            partitions = 6;
        }
    }
}
