package io.hibobsync.enrich.hibob;

import java.time.Duration;

/**
 * HiBob still returns an employee {@code HIBOB_DELETION_GRACE} after {@code employee.deleted}: the deletion is not
 * true (yet), e.g. an old delivery sent again, or the service user still sees the record. Permanent: the webhook
 * goes to the dead-letter topic and nothing is deleted or changed in Docebo.
 */
public class DeletionNotConfirmedException extends DeletionUnconfirmedException {

    public DeletionNotConfirmedException(String employeeId, String email, String status, String lifecycle,
            Duration sinceDeletion) {
        super("employee.deleted for " + who(employeeId, email) + " was not applied: HiBob still returns them "
                        + human(sinceDeletion) + " after employee.deleted (" + state(status, lifecycle) + "). Nothing "
                        + "was deleted or changed in Docebo for this webhook. If the person really was deleted in "
                        + "HiBob, check that the HiBob service user can no longer see them (a search by id with "
                        + "showInactive must not return them), then replay this webhook from hibob-webhooks-dlt; if "
                        + "it was an old delivery sent again, there is nothing to do.",
                employeeId, sinceDeletion);
    }
}
