package io.hibobsync.notifier.mail;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * The sync-replay command lines a mail prints, ready to paste: {@code <prefix> dlt --topic <dlt> --employee <id>
 * --from <time> --to <time> --bootstrap-servers <servers>}, and {@code <prefix> held [--approve|--reject]
 * --bootstrap-servers <servers>} for what the safety brake holds. The window runs from a minute before the first failure
 * to a minute after the last (the dead letters' own timestamps, which sync-replay filters on), so clock differences
 * are covered; replaying a little more of the same employee's dead letters is harmless, the sync being idempotent.
 */
public final class ReplayCommand {

    /** How far around a failure a replay window reaches. */
    static final Duration MARGIN = Duration.ofMinutes(1);
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9._:@/+=,-]+");

    private final String prefix;
    private final String bootstrapServers;

    public ReplayCommand(String prefix, String bootstrapServers) {
        this.prefix = prefix.strip();
        this.bootstrapServers = bootstrapServers;
    }

    /** Moves back this employee's dead letters of {@code deadLetterTopic} written around {@code failedAt}. */
    public String forEmployee(String deadLetterTopic, String employeeId, Instant failedAt) {
        if (employeeId == null) {
            return forTopic(deadLetterTopic, failedAt, failedAt);
        }
        return prefix + " dlt --topic " + quote(deadLetterTopic) + " --employee " + quote(employeeId)
                + window(failedAt, failedAt) + " --bootstrap-servers " + quote(bootstrapServers);
    }

    /** Moves back every dead letter of {@code deadLetterTopic} written from around {@code first} to {@code last}. */
    public String forTopic(String deadLetterTopic, Instant first, Instant last) {
        return prefix + " dlt --topic " + quote(deadLetterTopic) + window(first, last) + " --bootstrap-servers "
                + quote(bootstrapServers);
    }

    /**
     * The safety brake's review: {@code <prefix> held [option] --bootstrap-servers <servers>}, {@code option} being
     * {@code --approve}, {@code --reject} or {@code null} for the list.
     */
    public String held(String option) {
        return prefix + " held" + (option == null ? "" : " " + option) + " --bootstrap-servers "
                + quote(bootstrapServers);
    }

    private static String window(Instant first, Instant last) {
        // --to is exclusive: the second after the margin.
        return " --from " + first.minus(MARGIN).truncatedTo(ChronoUnit.SECONDS)
                + " --to " + last.plus(MARGIN).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    }

    /** Values come from records: whatever is not plainly safe for a shell is single-quoted. */
    static String quote(String value) {
        if (SHELL_SAFE.matcher(value).matches()) {
            return value;
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
