package io.hibobsync.simulator.docebo.web;

import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A failure Docebo answers with an HTTP error status and its usual body
 * {@code {"name":"Bad Request","message":["..."],"code":0,"status":400}}.
 * Failures Docebo answers with HTTP 200 and {@code "success": false} are not exceptions.
 */
public class DoceboApiException extends RuntimeException {

    /** Docebo's code for a missing required option, as seen on the batch endpoint. */
    public static final int REQUIRED_OPTION_MISSING = 1006;

    private final HttpStatus status;
    private final int code;
    private final List<String> messages;
    private final HttpHeaders headers;

    public DoceboApiException(HttpStatus status, int code, List<String> messages, HttpHeaders headers) {
        super(status.value() + " " + String.join("; ", messages));
        this.status = status;
        this.code = code;
        this.messages = List.copyOf(messages);
        this.headers = headers;
    }

    public static DoceboApiException badRequest(String message) {
        return new DoceboApiException(HttpStatus.BAD_REQUEST, 0, List.of(message), HttpHeaders.EMPTY);
    }

    public static DoceboApiException badRequest(List<String> messages) {
        return new DoceboApiException(HttpStatus.BAD_REQUEST, 0, messages, HttpHeaders.EMPTY);
    }

    public static DoceboApiException notFound(String message) {
        return new DoceboApiException(HttpStatus.NOT_FOUND, 0, List.of(message), HttpHeaders.EMPTY);
    }

    HttpStatus status() {
        return status;
    }

    int code() {
        return code;
    }

    public List<String> messages() {
        return messages;
    }

    HttpHeaders headers() {
        return headers;
    }
}
