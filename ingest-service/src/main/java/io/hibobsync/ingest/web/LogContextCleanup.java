package io.hibobsync.ingest.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The controller names the delivery and employee in the logging context so that the error handler's lines
 * carry them too; this clears them once the answer is written, before Tomcat reuses the thread.
 */
@Component
class LogContextCleanup extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove("deliveryId");
            MDC.remove("employeeId");
        }
    }
}
