package io.hibobsync.enrich.hibob;

import java.util.Collection;

/** HiBob refused the request itself (400 and other client errors): asking again the same way cannot help. */
public class HibobRejectedException extends HibobException {

    private final int status;

    public HibobRejectedException(String message, Collection<String> employeeIds, int status) {
        super(message, employeeIds, null);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
