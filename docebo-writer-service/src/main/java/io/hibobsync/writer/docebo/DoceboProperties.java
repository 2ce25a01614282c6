package io.hibobsync.writer.docebo;

import static io.hibobsync.kafka.Settings.isBlank;
import static io.hibobsync.kafka.Settings.requireValue;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How to reach the customer's Docebo platform (see application.yml for the variable names and their defaults).
 * With a username the OAuth password grant is used, otherwise client credentials.
 *
 * @param url          the platform, e.g. {@code https://acme.docebosaas.com}
 * @param clientId     OAuth client id
 * @param clientSecret OAuth client secret
 * @param username     API user for the password grant (a Superadmin or suitably scoped Power User); may be blank
 * @param password     its password
 * @param pageSize     users per page when searching or listing (Docebo allows 200 at most)
 * @param timeout      connect and read timeout of one call (Docebo writes take seconds)
 * @param batchSize    rows per batch import call (Docebo documents no maximum)
 * @param callsPerHour the platform's API limit; the writer spends at most 90 % of it in any sliding hour
 * @param directoryThreshold  above this many employees without a link in one poll, the user list is read
 *                            once instead of a search per employee
 * @param directoryTtl how long a user list read that way is used (kept true with the writer's own changes)
 */
@ConfigurationProperties("docebo")
public record DoceboProperties(String url, String clientId, String clientSecret, String username, String password,
        Integer pageSize, Duration timeout, Integer batchSize, Integer callsPerHour, Integer directoryThreshold,
        Duration directoryTtl) {

    public DoceboProperties {
        require(url, "DOCEBO_URL", "the Docebo platform URL, e.g. https://acme.docebosaas.com");
        require(clientId, "DOCEBO_CLIENT_ID", "the OAuth client id of the API credentials in Docebo");
        require(clientSecret, "DOCEBO_CLIENT_SECRET", "the OAuth client secret of the API credentials in Docebo");
        if (!isBlank(username) && isBlank(password)) {
            throw new IllegalArgumentException("DOCEBO_USERNAME is set but DOCEBO_PASSWORD is not: the password "
                    + "grant needs both (or unset DOCEBO_USERNAME to use client credentials).");
        }
        url = url.strip().replaceAll("/+$", "");
        requireValue("DOCEBO_PAGE_SIZE", pageSize);
        if (pageSize < 1 || pageSize > 200) {
            throw new IllegalArgumentException("DOCEBO_PAGE_SIZE must be between 1 and 200 (Docebo's maximum), got "
                    + pageSize + ".");
        }
        requireValue("DOCEBO_TIMEOUT", timeout);
        requireValue("DOCEBO_BATCH_SIZE", batchSize);
        if (batchSize < 1 || batchSize > 1000) {
            throw new IllegalArgumentException("DOCEBO_BATCH_SIZE must be between 1 and 1000, got " + batchSize + ".");
        }
        requireValue("DOCEBO_CALLS_PER_HOUR", callsPerHour);
        if (callsPerHour < 10) {
            throw new IllegalArgumentException("DOCEBO_CALLS_PER_HOUR must be at least 10, got " + callsPerHour + ".");
        }
        requireValue("DOCEBO_DIRECTORY_THRESHOLD", directoryThreshold);
        if (directoryThreshold < 0) {
            throw new IllegalArgumentException("DOCEBO_DIRECTORY_THRESHOLD must not be negative, got "
                    + directoryThreshold + ".");
        }
        requireValue("DOCEBO_DIRECTORY_TTL", directoryTtl);
    }

    boolean usesPasswordGrant() {
        return !isBlank(username);
    }

    private static void require(String value, String variable, String what) {
        if (isBlank(value)) {
            throw new IllegalArgumentException(variable + " is not set: docebo-writer-service needs " + what + ".");
        }
    }

    @Override
    public String toString() {
        return ("DoceboProperties[url=%s, clientId=%s, clientSecret=***, username=%s, password=%s, pageSize=%d, "
                + "timeout=%s, batchSize=%d, callsPerHour=%d, directoryThreshold=%d, directoryTtl=%s]")
                .formatted(url, clientId, username, isBlank(password) ? "unset" : "***", pageSize, timeout, batchSize,
                        callsPerHour, directoryThreshold, directoryTtl);
    }
}
