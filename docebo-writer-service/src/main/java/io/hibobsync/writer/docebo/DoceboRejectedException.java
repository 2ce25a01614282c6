package io.hibobsync.writer.docebo;

/**
 * Docebo refused the change itself (400, 404, or HTTP 200 with {@code "success": false}): retrying the same
 * call cannot help; the record goes to the dead-letter topic.
 */
public class DoceboRejectedException extends RuntimeException {

    private final int status;

    DoceboRejectedException(String message) {
        this(message, 200);
    }

    DoceboRejectedException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** The HTTP status: 200 when Docebo answered {@code "success": false}. */
    public int status() {
        return status;
    }
}
