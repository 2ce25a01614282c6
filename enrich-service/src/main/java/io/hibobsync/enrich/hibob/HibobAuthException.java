package io.hibobsync.enrich.hibob;

import java.util.Collection;

/**
 * HiBob refused the service user (401: wrong or revoked id/token; 403: not allowed to search people). A
 * configuration fault: no record is at fault, and calling again in a loop gets the caller blocked.
 */
public class HibobAuthException extends HibobException {

    private final int status;

    public HibobAuthException(String message, Collection<String> employeeIds, int status) {
        super(message, employeeIds, null);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
