package io.hibobsync.writer.docebo;

/** The user the writer knew no longer exists in Docebo (someone deleted it there): 404 on its id. */
public class DoceboUserGoneException extends DoceboRejectedException {

    DoceboUserGoneException(String userId, String message) {
        super("Docebo user " + userId + " no longer exists: " + message, 404);
    }
}
