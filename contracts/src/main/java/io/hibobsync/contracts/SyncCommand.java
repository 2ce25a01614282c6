package io.hibobsync.contracts;

import java.time.Instant;
import java.util.List;

/**
 * An administrator's command to the sync, published on {@link Topics#SYNC_COMMANDS} keyed by {@link #commandId()}.
 *
 * @param commandId   unique per command (a UUID): a command delivered twice is acted on once
 * @param kind        what to do
 * @param employeeIds for {@link Kind#APPROVE_HELD} / {@link Kind#REJECT_HELD}: exactly the held actions the
 *                    administrator saw and decided on; one held after the listing is not among them
 * @param requestedBy who asked (the operating system user of the command line), for the audit trail
 * @param at          when it was asked
 * @param plan        for {@link Kind#FULL_SYNC}: a dry run, which writes nothing and reports what it would do
 */
public record SyncCommand(String commandId, Kind kind, List<String> employeeIds, String requestedBy, Instant at,
        boolean plan) {

    public SyncCommand(String commandId, Kind kind, List<String> employeeIds, String requestedBy, Instant at) {
        this(commandId, kind, employeeIds, requestedBy, at, false);
    }

    public enum Kind {
        /**
         * Read every HiBob employee once (enrich-service) and bring Docebo in line through the usual pipeline;
         * the command id is the run id. Users linked to employees HiBob no longer returns are deactivated.
         */
        FULL_SYNC,
        /** Apply the held deactivations and deletions of these employees. */
        APPROVE_HELD,
        /** Drop them: the users stay as they are (a later change in HiBob is decided afresh). */
        REJECT_HELD
    }

    public SyncCommand {
        employeeIds = employeeIds == null ? List.of() : List.copyOf(employeeIds);
    }
}
