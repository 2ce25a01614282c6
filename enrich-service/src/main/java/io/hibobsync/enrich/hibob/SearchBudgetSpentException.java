package io.hibobsync.enrich.hibob;

import java.time.Duration;
import java.util.Collection;

/**
 * enrich-service has made all the searches {@code HIBOB_SEARCHES_PER_MINUTE} allows in the last minute, and the next
 * one would have to wait longer than a consumer thread may: the batch fails from the webhooks of that search and is
 * delivered again after {@link #retryAfter()} (the container pauses meanwhile, as for a 429; never dead-lettered).
 * HiBob was not called.
 */
public class SearchBudgetSpentException extends HibobRateLimitedException {

    public SearchBudgetSpentException(int perMinute, Collection<String> employeeIds, Duration retryAfter) {
        super("enrich-service has made its " + perMinute + " HiBob searches of the last minute "
                + "(HIBOB_SEARCHES_PER_MINUTE); the search for " + HibobException.describe(employeeIds)
                + " waits " + retryAfter.toMillis() + " ms for the next one", employeeIds, retryAfter);
    }
}
