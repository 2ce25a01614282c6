package io.hibobsync.enrich.hibob;

import static io.hibobsync.kafka.Settings.isBlank;
import static io.hibobsync.kafka.Settings.requireValue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How enrich-service reads HiBob, from the environment (see application.yml for the variable names and their
 * defaults). Checked when the service starts: a wrong value stops it with a message that names the variable.
 *
 * @param apiUrl            {@code HIBOB_API_URL}: the API base, {@code https://api.hibob.com/v1} (sandbox:
 *                          {@code https://api.sandbox.hibob.com/v1})
 * @param serviceUserId     {@code HIBOB_SERVICE_USER_ID}: the service user's id (HTTP Basic user), required
 * @param serviceUserToken  {@code HIBOB_SERVICE_USER_TOKEN}: its token (HTTP Basic password), required, never logged
 * @param extraFields       {@code HIBOB_EXTRA_FIELDS}: field ids read besides the core ones, e.g. {@code work.title};
 *                          they travel in {@code EmployeeSnapshot.fields} for the writer's field mapping
 * @param searchBatchSize   {@code HIBOB_SEARCH_BATCH_SIZE}: employee ids per search call
 * @param readDelay         {@code HIBOB_READ_DELAY}: how long after a webhook's receipt HiBob is read; 0 reads at
 *                          once, as HiBob advises: a read that looks stale is read again instead
 *                          ({@code rereadBackoff})
 * @param notFoundGrace     {@code HIBOB_NOT_FOUND_GRACE}: how long after a webhook (or after the first search HiBob
 *                          answered after it, if nothing could be read for a while) an employee HiBob does not
 *                          return is still expected to appear (a new hire may not be visible at once); after it the
 *                          webhook goes to the dead-letter topic
 * @param deletionGrace     {@code HIBOB_DELETION_GRACE}: how long after {@code employee.deleted} HiBob may still
 *                          return the employee (the deletion is retried, nothing deleted meanwhile); after it the
 *                          webhook goes to the dead-letter topic as {@code deletion_unconfirmed}
 * @param authRetryInterval {@code HIBOB_AUTH_RETRY_INTERVAL}: while HiBob refuses the service user (401/403),
 *                          how often one search tries again
 * @param throttleAlertAfter {@code HIBOB_THROTTLE_ALERT_AFTER}: how long HiBob may answer 429 before one alert
 *                          goes to {@code sync-alerts} (the webhooks wait either way)
 * @param connectTimeout    {@code HIBOB_CONNECT_TIMEOUT}
 * @param readTimeout       {@code HIBOB_READ_TIMEOUT}: how long one search may take to answer
 * @param rereadBackoff     {@code HIBOB_REREAD_BACKOFF}: when a read shows none of the mapped fields a webhook's
 *                          {@code fieldUpdates} names changed since the last snapshot published, wait this long and
 *                          read again, once per entry; after the last, what HiBob says is published. Empty: never
 *                          read again
 * @param rereadMemory      {@code HIBOB_REREAD_MEMORY}: how many employees' last published snapshot (a hash per
 *                          field) is remembered to tell a stale read, least recently used forgotten first; 0: none,
 *                          so never read again
 * @param searchesPerMinute {@code HIBOB_SEARCHES_PER_MINUTE}: HiBob searches this instance makes in any 60 s at most,
 *                          all consumer threads together (HiBob allows 50)
 */
@ConfigurationProperties("hibob")
public record HibobProperties(
        URI apiUrl,
        String serviceUserId,
        String serviceUserToken,
        List<String> extraFields,
        Integer searchBatchSize,
        Duration readDelay,
        Duration notFoundGrace,
        Duration deletionGrace,
        Duration authRetryInterval,
        Duration throttleAlertAfter,
        Duration connectTimeout,
        Duration readTimeout,
        List<Duration> rereadBackoff,
        Integer rereadMemory,
        Integer searchesPerMinute) {

    /** HiBob accepts at most 400 field ids in one search. */
    static final int MAX_FIELDS = 400;
    static final int MAX_SEARCH_BATCH_SIZE = 1000;
    // Waiting for the read delay happens between two polls: it must stay well below max.poll.interval.ms (5 min).
    static final Duration MAX_READ_DELAY = Duration.ofMinutes(2);
    /** HIBOB_READ_DELAY and the re-read back-offs are waited out within one poll: together at most this. */
    public static final Duration MAX_POLL_WAIT = Duration.ofMinutes(2);
    static final int MAX_REREADS = 10;
    static final int MAX_REREAD_MEMORY = 10_000_000;

    private static final Pattern FIELD_ID = Pattern.compile("[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)+");

    public HibobProperties {
        requireValue("HIBOB_API_URL", apiUrl);
        String scheme = apiUrl.getScheme() == null ? "" : apiUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || apiUrl.getHost() == null) {
            throw new IllegalArgumentException("HIBOB_API_URL must be an http(s) URL such as https://api.hibob.com/v1, "
                    + "got '" + apiUrl + "'.");
        }
        if (isBlank(serviceUserId)) {
            throw new IllegalArgumentException("HIBOB_SERVICE_USER_ID is not set, so enrich-service cannot read "
                    + "employees from HiBob and refuses to start. Create a service user in Bob (Settings > "
                    + "Integrations > Service users), give it read access to the fields the sync maps, and set "
                    + "HIBOB_SERVICE_USER_ID and HIBOB_SERVICE_USER_TOKEN.");
        }
        if (isBlank(serviceUserToken)) {
            throw new IllegalArgumentException("HIBOB_SERVICE_USER_TOKEN is not set, so enrich-service cannot read "
                    + "employees from HiBob and refuses to start. Set it to the token of the service user "
                    + "HIBOB_SERVICE_USER_ID.");
        }
        extraFields = extraFields == null ? List.of() : extraFields.stream()
                .map(String::trim)
                .filter(field -> !field.isEmpty())
                .distinct()
                .toList();
        for (String field : extraFields) {
            if (!FIELD_ID.matcher(field).matches()) {
                throw new IllegalArgumentException("HIBOB_EXTRA_FIELDS holds '" + field + "', which is not a HiBob "
                        + "field id (category.name, e.g. work.title or work.custom.costCenter).");
            }
        }
        if (EmployeeFields.CORE.size() + extraFields.size() > MAX_FIELDS) {
            throw new IllegalArgumentException("HIBOB_EXTRA_FIELDS names " + extraFields.size() + " fields; with the "
                    + EmployeeFields.CORE.size() + " the sync always reads that exceeds HiBob's limit of "
                    + MAX_FIELDS + " fields per search.");
        }
        requireValue("HIBOB_SEARCH_BATCH_SIZE", searchBatchSize);
        if (searchBatchSize < 1 || searchBatchSize > MAX_SEARCH_BATCH_SIZE) {
            throw new IllegalArgumentException("HIBOB_SEARCH_BATCH_SIZE must be between 1 and "
                    + MAX_SEARCH_BATCH_SIZE + ", got " + searchBatchSize + ".");
        }
        requireValue("HIBOB_READ_DELAY", readDelay);
        if (readDelay.isNegative() || readDelay.compareTo(MAX_READ_DELAY) > 0) {
            throw new IllegalArgumentException("HIBOB_READ_DELAY must be between 0s and " + MAX_READ_DELAY.toSeconds()
                    + "s (the consumer waits it out between two polls), got " + readDelay + ".");
        }
        requireNotNegative("HIBOB_NOT_FOUND_GRACE", notFoundGrace);
        requireNotNegative("HIBOB_DELETION_GRACE", deletionGrace);
        requireValue("HIBOB_AUTH_RETRY_INTERVAL", authRetryInterval);
        if (authRetryInterval.compareTo(Duration.ofSeconds(1)) < 0) {
            // HiBob blocks a caller for 5 minutes after about 50 refused calls in 10 seconds.
            throw new IllegalArgumentException("HIBOB_AUTH_RETRY_INTERVAL must be at least 1s, got "
                    + authRetryInterval + ".");
        }
        requireNotNegative("HIBOB_THROTTLE_ALERT_AFTER", throttleAlertAfter);
        requirePositive("HIBOB_CONNECT_TIMEOUT", connectTimeout);
        requirePositive("HIBOB_READ_TIMEOUT", readTimeout);
        requireValue("HIBOB_REREAD_BACKOFF", rereadBackoff);
        rereadBackoff = List.copyOf(rereadBackoff);
        if (rereadBackoff.size() > MAX_REREADS) {
            throw new IllegalArgumentException("HIBOB_REREAD_BACKOFF lists " + rereadBackoff.size() + " waits; at most "
                    + MAX_REREADS + " re-reads are allowed.");
        }
        Duration waits = readDelay;
        for (Duration wait : rereadBackoff) {
            requirePositive("Each wait of HIBOB_REREAD_BACKOFF", wait);
            waits = waits.plus(wait);
        }
        if (waits.compareTo(MAX_POLL_WAIT) > 0) {
            throw new IllegalArgumentException("HIBOB_READ_DELAY plus the waits of HIBOB_REREAD_BACKOFF must be at most "
                    + MAX_POLL_WAIT.toSeconds() + "s (the consumer waits them out within one poll, well below "
                    + "max.poll.interval.ms), got " + readDelay + " and " + rereadBackoff + ".");
        }
        requireValue("HIBOB_REREAD_MEMORY", rereadMemory);
        if (rereadMemory < 0 || rereadMemory > MAX_REREAD_MEMORY) {
            throw new IllegalArgumentException("HIBOB_REREAD_MEMORY must be between 0 and " + MAX_REREAD_MEMORY
                    + ", got " + rereadMemory + ".");
        }
        requireValue("HIBOB_SEARCHES_PER_MINUTE", searchesPerMinute);
        if (searchesPerMinute < 1 || searchesPerMinute > 10_000) {
            throw new IllegalArgumentException("HIBOB_SEARCHES_PER_MINUTE must be between 1 and 10000 (HiBob allows "
                    + "50), got " + searchesPerMinute + ".");
        }
    }

    private static void requireNotNegative(String variable, Duration value) {
        requireValue(variable, value);
        if (value.isNegative()) {
            throw new IllegalArgumentException(variable + " must not be negative, got " + value + ".");
        }
    }

    private static void requirePositive(String variable, Duration value) {
        requireValue(variable, value);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(variable + " must be positive, got " + value + ".");
        }
    }

    // The token stays out of logs and error pages, including Spring's own rendering of this record.
    @Override
    public String toString() {
        return ("HibobProperties[apiUrl=%s, serviceUserId=%s, serviceUserToken=***, extraFields=%s, searchBatchSize=%s, "
                + "readDelay=%s, notFoundGrace=%s, deletionGrace=%s, authRetryInterval=%s, throttleAlertAfter=%s, "
                + "connectTimeout=%s, readTimeout=%s, rereadBackoff=%s, rereadMemory=%s, searchesPerMinute=%s]")
                .formatted(apiUrl, serviceUserId, extraFields, searchBatchSize, readDelay, notFoundGrace,
                        deletionGrace, authRetryInterval, throttleAlertAfter, connectTimeout, readTimeout,
                        rereadBackoff, rereadMemory, searchesPerMinute);
    }
}
