package io.hibobsync.replay;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The options of one command: {@code --name value}, {@code --name=value} or a bare {@code --flag}. Anything the
 * command does not know, a missing value or a stray word is a {@link UsageException}.
 */
final class Options {

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|min|h)?");

    private final String command;
    private final Map<String, List<String>> values;

    private Options(String command, Map<String, List<String>> values) {
        this.command = command;
        this.values = values;
    }

    /**
     * @param withValue options that take a value (without the leading {@code --})
     * @param flags     options that take none
     */
    static Options parse(String command, List<String> args, Set<String> withValue, Set<String> flags) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            if (flags.contains(name)) {
                if (value != null) {
                    throw new UsageException("--" + name + " takes no value");
                }
                values.computeIfAbsent(name, key -> new ArrayList<>()).add("true");
            } else if (withValue.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                        throw new UsageException("--" + name + " needs a value");
                    }
                    value = args.get(++i);
                }
                values.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
            } else {
                throw new UsageException("unknown option --" + name + " for '" + command + "'");
            }
        }
        return new Options(command, values);
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    /** The one value of an option, or {@code null}; given twice is an error. */
    String single(String name) {
        List<String> given = values.getOrDefault(name, List.of());
        if (given.size() > 1) {
            throw new UsageException("--" + name + " given " + given.size() + " times; give it once");
        }
        if (given.isEmpty()) {
            return null;
        }
        String value = given.get(0).trim();
        if (value.isEmpty()) {
            throw new UsageException("--" + name + " is empty");
        }
        return value;
    }

    String required(String name) {
        String value = single(name);
        if (value == null) {
            throw new UsageException("'" + command + "' needs --" + name);
        }
        return value;
    }

    /** Every value of a repeatable option, commas also separating values. */
    List<String> all(String name) {
        List<String> all = new ArrayList<>();
        for (String given : values.getOrDefault(name, List.of())) {
            for (String part : given.split(",")) {
                if (!part.isBlank()) {
                    all.add(part.trim());
                }
            }
        }
        return all;
    }

    /** The option as a point in time, or {@code null} when not given. */
    Instant instant(String name) {
        String text = single(name);
        return text == null ? null : instant(name, text);
    }

    /**
     * An ISO-8601 instant ({@code 2025-01-08T13:00:00Z}), a date-time with offset ({@code 2025-01-08T14:00:00+01:00})
     * or a date ({@code 2025-01-08}, midnight UTC).
     */
    static Instant instant(String name, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            // try the other accepted forms
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notWithOffset) {
            // try a date
        }
        try {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException notADate) {
            throw new UsageException("--" + name + " '" + text + "' is not a time: give an ISO-8601 instant such as "
                    + "2025-01-08T13:00:00Z (UTC), 2025-01-08T14:00:00+01:00, or a date 2025-01-08 (midnight UTC)");
        }
    }

    /** The option as a duration, or {@code null} when not given. */
    Duration duration(String name) {
        String text = single(name);
        return text == null ? null : duration(name, text);
    }

    /**
     * A length of time: {@code 90s}, {@code 500ms}, {@code 5m} (or {@code 5min}), {@code 1h}, a bare number of seconds
     * ({@code 90}), or ISO-8601 ({@code PT2M}); zero or more.
     */
    static Duration duration(String name, String text) {
        Matcher simple = SIMPLE_DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (simple.matches()) {
            long amount = Long.parseLong(simple.group(1));
            String unit = simple.group(2) == null ? "s" : simple.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "m", "min" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofSeconds(amount);
            };
        }
        try {
            Duration duration = Duration.parse(text.trim());
            if (!duration.isNegative()) {
                return duration;
            }
        } catch (DateTimeParseException notIso) {
            // said below
        }
        throw new UsageException("--" + name + " '" + text + "' is not a length of time: give e.g. 90s, 5m, 1h, a "
                + "number of seconds, or ISO-8601 such as PT2M");
    }
}
