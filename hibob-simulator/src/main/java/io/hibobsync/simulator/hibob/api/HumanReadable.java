package io.hibobsync.simulator.hibob.api;

/** The {@code humanReadable} option of a read: machine values, both, or display values only. */
enum HumanReadable {
    /** absent or {@code ""}: machine values. */
    NONE,
    /** machine values plus a {@code humanReadable} object beside them. */
    APPEND,
    /** display values only. */
    REPLACE
}
