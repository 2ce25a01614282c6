package io.hibobsync.simulator.docebo.auth;

import io.hibobsync.simulator.docebo.web.DoceboApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;

/** Every {@code /manage/**} call needs a live access token: missing, unknown or expired is a 401. */
public class BearerTokenInterceptor implements HandlerInterceptor {

    private final TokenStore tokens;

    BearerTokenInterceptor(TokenStore tokens) {
        this.tokens = tokens;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw unauthorized("invalid_request", "Authorization: Bearer <access token> is required");
        }
        if (!tokens.isValid(authorization.substring(7).trim())) {
            throw unauthorized("invalid_token", "The access token provided is invalid or has expired");
        }
        return true;
    }

    private static DoceboApiException unauthorized(String error, String message) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"Service\", error=\"" + error + "\"");
        return new DoceboApiException(HttpStatus.UNAUTHORIZED, 0, List.of(message), headers);
    }
}
