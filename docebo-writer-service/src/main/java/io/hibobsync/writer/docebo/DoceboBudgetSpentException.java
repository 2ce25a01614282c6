package io.hibobsync.writer.docebo;

import java.time.Duration;

/** The writer's own hourly share of Docebo calls is used up: the records wait until it frees up, never dropped. */
public class DoceboBudgetSpentException extends DoceboUnavailableException {

    DoceboBudgetSpentException(String message, Duration wait) {
        super(message, wait, null);
    }
}
