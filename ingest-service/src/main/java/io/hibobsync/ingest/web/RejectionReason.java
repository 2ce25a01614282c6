package io.hibobsync.ingest.web;

import org.springframework.http.HttpStatus;

/** Why a webhook got no 2xx: the HTTP status HiBob sees and the metric tag operators see. */
enum RejectionReason {
    BODY_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "Webhook body too large"),
    INVALID_SIGNATURE(HttpStatus.UNAUTHORIZED, "Invalid webhook signature"),
    MALFORMED(HttpStatus.BAD_REQUEST, "Malformed webhook"),
    KAFKA_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Webhook not stored, retry later");

    private final HttpStatus status;
    private final String title;

    RejectionReason(HttpStatus status, String title) {
        this.status = status;
        this.title = title;
    }

    HttpStatus status() {
        return status;
    }

    String title() {
        return title;
    }

    String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
