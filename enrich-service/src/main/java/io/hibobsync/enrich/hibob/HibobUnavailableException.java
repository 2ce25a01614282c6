package io.hibobsync.enrich.hibob;

import java.util.Collection;

/** HiBob answered 5xx, a malformed 200, or not at all (I/O, timeout): transient, the read is tried again. */
public class HibobUnavailableException extends HibobException {

    public HibobUnavailableException(String message, Collection<String> employeeIds, Throwable cause) {
        super(message, employeeIds, cause);
    }
}
