package io.hibobsync.simulator.support;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Applies the {@link SimulatorFaults} in force to each call of the simulated API: latency and statuses before its
 * handler runs, an answer delay after it ran.
 */
class FaultInjectionFilter extends OncePerRequestFilter {

    static final String FAULT_BODY = "{\"message\":\"simulated fault\"}";

    private final SimulatorFaults faults;

    FaultInjectionFilter(SimulatorFaults faults) {
        this.faults = faults;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return SimulatorPaths.isExemptFromFaults(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var decision = faults.decideForCall();
        if (!decision.latency().isZero()) {
            pause(decision.latency().toMillis());
        }
        if (decision.status().isEmpty() && !decision.answerDelay().isZero()) {
            // Handled now, answered later: the answer is kept back whole, however large.
            var held = new ContentCachingResponseWrapper(response);
            chain.doFilter(request, held);
            pause(decision.answerDelay().toMillis());
            held.copyBodyToResponse();
            return;
        }
        if (decision.status().isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(decision.status().get());
        decision.retryAfterSeconds().ifPresent(seconds -> response.setHeader(HttpHeaders.RETRY_AFTER, seconds.toString()));
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        byte[] body = FAULT_BODY.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** The simulated latency is the point of this filter, so blocking the request thread is intended. */
    private static void pause(long millis) throws ServletException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServletException("interrupted while simulating latency", e);
        }
    }
}
