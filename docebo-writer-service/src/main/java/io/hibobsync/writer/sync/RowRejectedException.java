package io.hibobsync.writer.sync;

/** Docebo refused one employee's row of a batch import (the others went through): no retry will change that. */
public class RowRejectedException extends RuntimeException {

    RowRejectedException(String message) {
        super(message);
    }
}
