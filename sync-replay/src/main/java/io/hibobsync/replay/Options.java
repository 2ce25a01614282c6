package io.hibobsync.replay;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The options of one command: {@code --name value}, {@code --name=value} or a bare {@code --flag}, and the one way
 * each kind of value is read and each mistake is worded. Anything the command does not know, a missing or bad value
 * or a stray word is a {@link UsageException}. Every command talks to Kafka, so every one takes
 * {@code --bootstrap-servers}.
 */
final class Options {

    private static final String BOOTSTRAP_SERVERS = "bootstrap-servers";
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|min|h)?");

    private final String command;
    private final Map<String, List<String>> values;

    private Options(String command, Map<String, List<String>> values) {
        this.command = command;
        this.values = values;
    }

    /**
     * @param withValue options that take a value (without the leading {@code --}), besides {@code bootstrap-servers}
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
            } else if (withValue.contains(name) || name.equals(BOOTSTRAP_SERVERS)) {
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

    /** The mistake of a value that cannot be used, worded alike for every option: {@code --name 'text' problem}. */
    static UsageException invalid(String name, String text, String problem) {
        return new UsageException("--" + name + " '" + text + "' " + problem);
    }

    /** Whether the option (a flag, or one with a value) was given at all. */
    boolean given(String name) {
        return values.containsKey(name);
    }

    /** {@code first} and {@code second} say opposite things: giving both is a mistake. */
    void exclusive(String first, String second) {
        if (given(first) && given(second)) {
            throw new UsageException("--" + first + " and --" + second + " exclude each other: give one");
        }
    }

    /**
     * Refuses the first of {@code names} that was given, in the words {@code mistake} makes of its name: options that
     * make no sense with the others given.
     */
    void refuse(Function<String, String> mistake, String... names) {
        for (String name : names) {
            if (given(name)) {
                throw new UsageException(mistake.apply(name));
            }
        }
    }

    /** {@code --bootstrap-servers}, else where Kafka is by default (the environment, else the local stack). */
    String bootstrapServers(String defaultBootstrapServers) {
        String given = single(BOOTSTRAP_SERVERS);
        return given != null ? given : defaultBootstrapServers;
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

    /**
     * The ids of a repeatable option, in the order given, commas also separating them; none when it is not given. Given
     * without an id is a mistake, not "every one".
     */
    Set<String> ids(String name) {
        Set<String> ids = new LinkedHashSet<>();
        for (String given : values.getOrDefault(name, List.of())) {
            for (String part : given.split(",")) {
                if (!part.isBlank()) {
                    ids.add(part.trim());
                }
            }
        }
        if (given(name) && ids.isEmpty()) {
            throw new UsageException("--" + name + " holds no id");
        }
        return ids;
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
            throw invalid(name, text, "is not a time: give an ISO-8601 instant such as 2025-01-08T13:00:00Z (UTC), "
                    + "2025-01-08T14:00:00+01:00, or a date 2025-01-08 (midnight UTC)");
        }
    }

    /** How long to wait for the services to answer: {@code --wait <duration>}, zero for {@code --no-wait}. */
    Duration waitOr(Duration defaultWait) {
        String text = single("wait");
        Duration wait = text == null ? defaultWait : duration("wait", text);
        exclusive("wait", "no-wait");
        return given("no-wait") ? Duration.ZERO : wait;
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
        throw invalid(name, text, "is not a length of time: give e.g. 90s, 5m, 1h, a number of seconds, or ISO-8601 "
                + "such as PT2M");
    }
}
