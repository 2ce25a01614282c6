package io.hibobsync.simulator.hibob.ratelimit;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.HandlerInterceptor;

/** Puts one endpoint's {@link RateLimiter} in front of it, with HiBob's {@code X-RateLimit-*} headers on every answer. */
public final class RateLimiting implements HandlerInterceptor {

    static final String TOO_MANY_REQUESTS_BODY = "{\"key\":\"rate.limit.exceeded\",\"error\":\"Too many requests\"}";

    private final RateLimiter limiter;

    public RateLimiting(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        var decision = limiter.tryAcquire();
        response.setHeader("X-RateLimit-Limit", Integer.toString(decision.limit()));
        response.setHeader("X-RateLimit-Remaining", Integer.toString(decision.remaining()));
        response.setHeader("X-RateLimit-Reset", Long.toString(decision.reset()));
        if (decision.allowed()) {
            return true;
        }
        response.setStatus(429);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getWriter().write(TOO_MANY_REQUESTS_BODY);
        return false;
    }
}
