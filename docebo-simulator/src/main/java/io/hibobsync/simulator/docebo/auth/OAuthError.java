package io.hibobsync.simulator.docebo.auth;

import org.springframework.http.HttpStatus;

/**
 * A refusal from the token endpoint, answered in OAuth 2 form
 * {@code {"error":"invalid_client","error_description":"..."}} like Docebo's OAuth server.
 */
class OAuthError extends RuntimeException {

    private final HttpStatus status;
    private final String error;

    OAuthError(HttpStatus status, String error, String description) {
        super(description);
        this.status = status;
        this.error = error;
    }

    HttpStatus status() {
        return status;
    }

    String error() {
        return error;
    }
}
