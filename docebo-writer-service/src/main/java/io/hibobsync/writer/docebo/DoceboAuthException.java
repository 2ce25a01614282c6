package io.hibobsync.writer.docebo;

/** Docebo refuses our credentials (401 after a fresh token, or 403): a configuration fault, not a record's. */
public class DoceboAuthException extends RuntimeException {

    private final int status;

    DoceboAuthException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
