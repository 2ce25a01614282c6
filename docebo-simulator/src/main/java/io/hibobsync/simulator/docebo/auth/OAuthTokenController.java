package io.hibobsync.simulator.docebo.auth;

import io.hibobsync.simulator.docebo.DoceboSimProperties;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /oauth2/token}, form-encoded: the password, client credentials and refresh token grants
 * with {@code scope=api}. Client credentials may come in the form or as HTTP Basic.
 */
@RestController
public class OAuthTokenController {

    private final DoceboSimProperties properties;
    private final TokenStore tokens;

    OAuthTokenController(DoceboSimProperties properties, TokenStore tokens) {
        this.properties = properties;
        this.tokens = tokens;
    }

    @PostMapping(path = "/oauth2/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Map<String, Object> token(@RequestParam MultiValueMap<String, String> form,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        String grantType = form.getFirst("grant_type");
        if (grantType == null || grantType.isBlank()) {
            throw new OAuthError(HttpStatus.BAD_REQUEST, "invalid_request", "The grant type was not specified in the request");
        }
        checkClient(form, authorization);
        String scope = form.getFirst("scope");
        if (scope != null && !scope.isBlank() && !scope.trim().equals("api")) {
            throw new OAuthError(HttpStatus.BAD_REQUEST, "invalid_scope", "An unsupported scope was requested");
        }
        TokenStore.IssuedToken issued = switch (grantType) {
            case "password" -> tokens.issue(checkUser(form), true);
            case "client_credentials" -> tokens.issue(properties.clientId(), false);
            case "refresh_token" -> tokens.issue(tokens.redeemRefreshToken(form.getFirst("refresh_token"))
                    .orElseThrow(() -> new OAuthError(HttpStatus.BAD_REQUEST, "invalid_grant", "Invalid refresh token")), true);
            default -> throw new OAuthError(HttpStatus.BAD_REQUEST, "unsupported_grant_type",
                    "Grant type \"" + grantType + "\" not supported");
        };
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", issued.accessToken());
        answer.put("expires_in", issued.expiresInSeconds());
        answer.put("token_type", "Bearer");
        answer.put("scope", "api");
        if (issued.refreshToken() != null) {
            answer.put("refresh_token", issued.refreshToken());
        }
        return answer;
    }

    @ExceptionHandler(OAuthError.class)
    ResponseEntity<Map<String, String>> refused(OAuthError e) {
        return ResponseEntity.status(e.status()).body(Map.of("error", e.error(), "error_description", e.getMessage()));
    }

    private void checkClient(MultiValueMap<String, String> form, String authorization) {
        String clientId = form.getFirst("client_id");
        String clientSecret = form.getFirst("client_secret");
        if (clientId == null && authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded = decodeBasic(authorization.substring(6).trim());
            int colon = decoded.indexOf(':');
            clientId = colon < 0 ? decoded : decoded.substring(0, colon);
            clientSecret = colon < 0 ? null : decoded.substring(colon + 1);
        }
        if (!properties.clientId().equals(clientId) || !properties.clientSecret().equals(clientSecret)) {
            throw new OAuthError(HttpStatus.BAD_REQUEST, "invalid_client", "The client credentials are invalid");
        }
    }

    /** The user behind a password grant; the API user is the only one allowed to call the API. */
    private String checkUser(MultiValueMap<String, String> form) {
        String username = form.getFirst("username");
        String password = form.getFirst("password");
        if (username == null || password == null) {
            throw new OAuthError(HttpStatus.BAD_REQUEST, "invalid_request",
                    "Missing parameters: \"username\" and \"password\" required");
        }
        if (!properties.username().equalsIgnoreCase(username) || !properties.password().equals(password)) {
            throw new OAuthError(HttpStatus.UNAUTHORIZED, "invalid_grant", "Invalid username and password combination");
        }
        return username;
    }

    private static String decodeBasic(String encoded) {
        try {
            return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
