package io.hibobsync.writer.sync;

import io.hibobsync.contracts.DeadLetterHeaders;

/** The change would deactivate or delete the Docebo account the sync signs in with, locking the sync out. */
public class ProtectedAccountException extends RefusedChangeException {

    ProtectedAccountException(String message) {
        super(DeadLetterHeaders.REASON_PROTECTED_ACCOUNT, message);
    }
}
