package io.hibobsync.deployment;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes as Compose writes them ({@code 768m}, {@code 1g}) and as the JVM does ({@code -Xmx512m}). */
final class Sizes {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([bkmg]?)b?");

    private Sizes() {
    }

    static long bytes(String size) {
        Matcher matcher = SIZE.matcher(size.strip().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new AssertionError("not a size: " + size);
        }
        long value = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "k" -> value * 1024;
            case "m" -> value * 1024 * 1024;
            case "g" -> value * 1024 * 1024 * 1024;
            default -> value;
        };
    }
}
