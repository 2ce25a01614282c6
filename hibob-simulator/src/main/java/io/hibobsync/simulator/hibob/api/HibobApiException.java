package io.hibobsync.simulator.hibob.api;

import java.util.Map;
import org.springframework.http.HttpStatus;

/** An error the simulated HiBob API answers, with one of the body shapes real HiBob uses. */
final class HibobApiException extends RuntimeException {

    private final HttpStatus status;
    private final Map<String, Object> body;

    private HibobApiException(HttpStatus status, String message, Map<String, Object> body) {
        super(message);
        this.status = status;
        this.body = body;
    }

    /** 400 with {@code {"key":..., "error":...}}: the shape of HiBob's request validation errors. */
    static HibobApiException badRequest(String key, String message) {
        return new HibobApiException(HttpStatus.BAD_REQUEST, message, Map.of("key", key, "error", message));
    }

    /** 400 with {@code {"errorMessage":...}}: HiBob's shape when the body cannot be read at all. */
    static HibobApiException unreadable(String message) {
        return new HibobApiException(HttpStatus.BAD_REQUEST, message, Map.of("errorMessage", message));
    }

    /** 404 with {@code {"errorMessage":...}}. */
    static HibobApiException notFound(String message) {
        return new HibobApiException(HttpStatus.NOT_FOUND, message, Map.of("errorMessage", message));
    }

    HttpStatus status() {
        return status;
    }

    Map<String, Object> body() {
        return body;
    }
}
