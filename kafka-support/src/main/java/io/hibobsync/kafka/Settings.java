package io.hibobsync.kafka;

/**
 * Checks every service's settings records make, with the same words. The defaults themselves live once, in each
 * service's {@code application.yml} ({@code ${VARIABLE:default}}): a variable left unset gets its default there, so a
 * record sees {@code null} only for a variable set but empty.
 */
public final class Settings {

    private Settings() {
    }

    /** A value that must be there: {@code variable} is the environment variable a user sets. */
    public static void requireValue(String variable, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(variable + " is empty: give it a value, or unset it for its default.");
        }
    }

    public static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
