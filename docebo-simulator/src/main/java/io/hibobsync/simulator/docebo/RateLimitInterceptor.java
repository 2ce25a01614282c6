package io.hibobsync.simulator.docebo;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Answers 429 once the hourly budget is spent. Docebo documents no rate-limit headers, so unlike the
 * injected 429s of /sim/faults this one carries no Retry-After: clients must back off on their own.
 */
class RateLimitInterceptor implements HandlerInterceptor {

    private final RateLimiter rateLimiter;

    RateLimitInterceptor(RateLimiter rateLimiter) {
        this.rateLimiter = rateLimiter;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!rateLimiter.tryAcquire()) {
            throw new DoceboApiException(HttpStatus.TOO_MANY_REQUESTS, 0,
                    List.of("Rate limit exceeded: " + rateLimiter.limitPerHour() + " calls per hour"), HttpHeaders.EMPTY);
        }
        return true;
    }
}
