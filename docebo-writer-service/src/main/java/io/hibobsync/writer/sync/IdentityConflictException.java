package io.hibobsync.writer.sync;

import io.hibobsync.contracts.DeadLetterHeaders;

/**
 * The Docebo user that matches an employee is not unambiguously theirs: it is linked to another employee, several
 * users match, or it is the sync's own API account. Adopting it could hand one person's account (and training
 * history) to another, so nothing is written.
 */
public class IdentityConflictException extends RefusedChangeException {

    IdentityConflictException(String message) {
        super(DeadLetterHeaders.REASON_IDENTITY_CONFLICT, message);
    }
}
