package io.hibobsync.simulator.docebo.ratelimit;

import io.hibobsync.simulator.docebo.web.DoceboAnswers;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers 429 once the hourly budget is spent. It counts every call of the simulated API — {@code /oauth2/**}
 * (token calls included: whether Docebo counts them is not documented, counting them is the safe reading)
 * and {@code /manage/**}, authorised or not, whatever the answer (404 and 405 included) — because it runs as a
 * servlet filter, before Spring MVC looks for a handler or a token. Calls answered by an injected fault
 * ({@code /sim/faults}) never reach it. Docebo documents no rate-limit headers, so unlike the injected 429s
 * this one carries no Retry-After: clients must back off on their own.
 */
public class RateLimitFilter extends OncePerRequestFilter {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RateLimiter rateLimiter;

    public RateLimitFilter(RateLimiter rateLimiter) {
        this.rateLimiter = rateLimiter;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !(isUnder(path, "/oauth2") || isUnder(path, "/manage"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (rateLimiter.tryAcquire()) {
            chain.doFilter(request, response);
            return;
        }
        HttpStatus status = HttpStatus.TOO_MANY_REQUESTS;
        byte[] body = JSON.writeValueAsBytes(DoceboAnswers.error(status, 0,
                List.of("Rate limit exceeded: " + rateLimiter.limitPerHour() + " calls per hour")));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static boolean isUnder(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }
}
