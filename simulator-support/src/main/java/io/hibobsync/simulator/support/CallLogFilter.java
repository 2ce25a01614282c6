package io.hibobsync.simulator.support;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingRequestWrapper;

/** Records every call to the simulated API in the {@link CallLog}, faulted ones included. */
class CallLogFilter extends OncePerRequestFilter {

    /** Enough for any realistic request; bigger bodies are recorded truncated. */
    static final int MAX_RECORDED_BODY_BYTES = 256 * 1024;

    private static final List<String> RECORDED_HEADERS =
            List.of("authorization", "content-type", "accept", "user-agent", "x-request-id");

    private final CallLog callLog;
    private final Clock clock;

    CallLogFilter(CallLog callLog, Clock clock) {
        this.callLog = callLog;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return SimulatorPaths.isSimulatorOwn(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var arrived = clock.instant();
        // Caches the body as the handler reads it, and rebuilds form bodies from parameters,
        // so form-encoded endpoints (OAuth token) still see their parameters.
        var cachingRequest = new ContentCachingRequestWrapper(request, MAX_RECORDED_BODY_BYTES);
        // Recorded just before the answer can leave, so a client that got its answer finds the call at once.
        var recordingResponse = new RecordBeforeCommitResponse(response, status ->
                callLog.record(new RecordedCall(arrived, request.getMethod().toUpperCase(Locale.ROOT),
                        request.getRequestURI(), queryOf(request), bodyOf(cachingRequest), status,
                        recordedHeaders(request))));
        try {
            chain.doFilter(cachingRequest, recordingResponse);
        } catch (IOException | ServletException | RuntimeException e) {
            recordingResponse.commitWith(500);
            throw e;
        }
        recordingResponse.commit();
    }

    /** Secrets (an {@code access_token=...}) never end up in a log that {@code /sim/calls} serves. */
    private static String queryOf(HttpServletRequest request) {
        return request.getQueryString() == null ? "" : SecretRedaction.form(request.getQueryString());
    }

    /** The body as sent, but with passwords, client secrets and tokens redacted, for the same reason. */
    private static String bodyOf(ContentCachingRequestWrapper request) {
        if (request.getContentAsByteArray().length == 0) {
            try {
                readUnreadBody(request);
            } catch (IOException e) {
                return "[request body unreadable: " + e.getMessage() + "]";
            }
        }
        Charset charset = request.getCharacterEncoding() == null
                ? StandardCharsets.UTF_8 : Charset.forName(request.getCharacterEncoding());
        return SecretRedaction.body(new String(request.getContentAsByteArray(), charset), request.getContentType());
    }

    /** A faulted call never reached a handler, yet its body is what a test wants to see. */
    private static void readUnreadBody(ContentCachingRequestWrapper request) throws IOException {
        if (isForm(request)) {
            request.getParameterMap();
        } else if (request.getContentLengthLong() != 0) {
            request.getInputStream().readAllBytes();
        }
    }

    private static boolean isForm(HttpServletRequest request) {
        String contentType = request.getContentType();
        return contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE);
    }

    private static Map<String, String> recordedHeaders(HttpServletRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : RECORDED_HEADERS) {
            String value = request.getHeader(name);
            if (value != null) {
                headers.put(name, name.equals("authorization") ? schemeOnly(value) : value);
            }
        }
        return headers;
    }

    /** Credentials must never end up in a log a test prints or an admin endpoint serves. */
    private static String schemeOnly(String authorization) {
        int space = authorization.indexOf(' ');
        return space < 0 ? "[redacted]" : authorization.substring(0, space);
    }
}
