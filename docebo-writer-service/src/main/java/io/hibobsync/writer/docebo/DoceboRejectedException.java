package io.hibobsync.writer.docebo;

/**
 * Docebo refused the change itself (400, 404, or HTTP 200 with {@code "success": false}): retrying the same
 * call cannot help; the record goes to the dead-letter topic.
 */
public class DoceboRejectedException extends RuntimeException {

    DoceboRejectedException(String message) {
        super(message);
    }
}
