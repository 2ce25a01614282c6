package io.hibobsync.kafka;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The HTTP {@code Retry-After} header (RFC 9110 §10.2.3): a number of seconds, or an HTTP date. */
public final class RetryAfter {

    private RetryAfter() {
    }

    /** How long the server asked us to wait, from {@code now}; {@code null} when the header is absent or unreadable. */
    public static Duration parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Duration wait;
        try {
            wait = Duration.ofSeconds(Long.parseLong(value.strip()));
        } catch (NumberFormatException notSeconds) {
            try {
                wait = Duration.between(now, ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME));
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
        return wait.isNegative() ? Duration.ZERO : wait;
    }
}
