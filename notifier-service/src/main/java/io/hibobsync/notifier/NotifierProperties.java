package io.hibobsync.notifier;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * What notifier-service mails, to whom and how often; read from the environment (names in {@code application.yml}).
 *
 * @param mailTo               {@code NOTIFICATION_MAIL_ID}: who gets error mail, one address or a comma-separated list
 * @param mailFrom             {@code MAIL_FROM}: the sender of the mails
 * @param digestWindow         {@code NOTIFIER_DIGEST_WINDOW}: failures arriving within this time of the first one go
 *                             out together, as one mail
 * @param digestMaxItems       {@code NOTIFIER_DIGEST_MAX_ITEMS}: failures listed in full in one mail; the rest are
 *                             counted
 * @param replayCommand        {@code NOTIFIER_REPLAY_COMMAND}: how the mails tell the reader to run sync-replay
 * @param retryInitialInterval {@code NOTIFIER_SMTP_RETRY_INITIAL_INTERVAL}: first wait after the SMTP server refused
 *                             or could not be reached; doubled on every further failure
 * @param retryMaxInterval     {@code NOTIFIER_SMTP_RETRY_MAX_INTERVAL}: the longest wait between two tries
 * @param maxPending           {@code NOTIFIER_MAX_PENDING}: failures read from the dead-letter topics for one mail
 *                             (each poll's {@code max.poll.records}); the ones after them wait in Kafka for the next
 * @param groupId              {@code NOTIFIER_GROUP_ID}: consumer group of the dead-letter topics ({@code -alerts}
 *                             appended for {@code sync-alerts}, {@code -runs} for {@code sync-plans})
 * @param reconciliationMaxExamples {@code NOTIFIER_RECONCILIATION_MAX_EXAMPLES}: users a reconciliation mail lists
 *                             with their changes (those needing someone first); the others are counted. Also what
 *                             is kept in memory per run
 */
@Validated
@ConfigurationProperties("notifier")
public record NotifierProperties(
        @NotEmpty(message = "set NOTIFICATION_MAIL_ID to the address that gets error mail (or a comma-separated list)")
        List<@NotBlank @Email(message = "NOTIFICATION_MAIL_ID must hold e-mail addresses, separated by commas")
                String> mailTo,
        @NotBlank(message = "set MAIL_FROM to the sender address of the mails")
        @Email(message = "MAIL_FROM must be an e-mail address")
        String mailFrom,
        @NotNull Duration digestWindow,
        @Min(value = 1, message = "NOTIFIER_DIGEST_MAX_ITEMS must be at least 1") int digestMaxItems,
        @NotBlank(message = "NOTIFIER_REPLAY_COMMAND must not be empty") String replayCommand,
        @NotNull Duration retryInitialInterval,
        @NotNull Duration retryMaxInterval,
        @Min(value = 1, message = "NOTIFIER_MAX_PENDING must be at least 1") int maxPending,
        @NotBlank(message = "NOTIFIER_GROUP_ID must not be empty") String groupId,
        @Min(value = 1, message = "NOTIFIER_RECONCILIATION_MAX_EXAMPLES must be at least 1")
        int reconciliationMaxExamples) {

    public NotifierProperties {
        mailTo = mailTo == null ? List.of() : mailTo.stream().map(String::trim).filter(address -> !address.isEmpty())
                .toList();
        requirePositive(digestWindow, "NOTIFIER_DIGEST_WINDOW");
        requirePositive(retryInitialInterval, "NOTIFIER_SMTP_RETRY_INITIAL_INTERVAL");
        requirePositive(retryMaxInterval, "NOTIFIER_SMTP_RETRY_MAX_INTERVAL");
    }

    private static void requirePositive(Duration duration, String variable) {
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException(variable + " must be longer than zero, was " + duration);
        }
    }
}
