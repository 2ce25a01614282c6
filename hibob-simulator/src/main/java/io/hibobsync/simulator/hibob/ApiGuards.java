package io.hibobsync.simulator.hibob;

import io.hibobsync.simulator.hibob.auth.AuthFailureGuard;
import io.hibobsync.simulator.hibob.auth.ServiceUser;
import io.hibobsync.simulator.hibob.ratelimit.RateLimiter;

/** What stands in front of the API: the service user, the 401 block, and the rate limits. */
record ApiGuards(ServiceUser serviceUser, String configuredUserId, String configuredToken, AuthFailureGuard authFailures,
                 RateLimiter searchLimit, RateLimiter readLimit) {

    void reset() {
        serviceUser.change(configuredUserId, configuredToken);
        authFailures.clear();
        searchLimit.reset();
        readLimit.reset();
    }
}
