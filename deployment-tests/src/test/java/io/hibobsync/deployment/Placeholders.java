package io.hibobsync.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two placeholder syntaxes this module compares: Spring's {@code ${NAME:default}} in a service's
 * application.yml, and Compose's {@code ${NAME:-default}} / {@code ${NAME:?message}} in docker-compose.yml.
 */
final class Placeholders {

    /** How environment variables are spelled; Spring placeholders naming properties ({@code ${spring.x}}) are not. */
    static final Pattern VARIABLE_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");

    // Compose: ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?message}, ${NAME?message}; $$ is a literal $.
    private static final Pattern COMPOSE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");

    private Placeholders() {
    }

    /** A Spring placeholder naming an environment variable; {@code defaultValue} is null when there is none. */
    record SpringPlaceholder(String name, String defaultValue) {

        /** What the service gets when the variable is not set: the default, or nothing. */
        String defaultOrEmpty() {
            return defaultValue == null ? "" : defaultValue;
        }
    }

    /** A Compose interpolation: {@code operator} is "", ":-", "-", ":?" or "?"; {@code argument} the rest. */
    record Interpolation(String name, String operator, String argument, boolean wholeValue) {

        boolean required() {
            return operator.endsWith("?");
        }

        boolean hasDefault() {
            return operator.endsWith("-");
        }
    }

    /** Every {@code ${VARIABLE...}} in a Spring value, including those nested in another's default. */
    static List<SpringPlaceholder> spring(String text) {
        List<SpringPlaceholder> found = new ArrayList<>();
        int start = text.indexOf("${");
        while (start >= 0) {
            int end = closingBrace(text, start + 2);
            if (end < 0) {
                throw new IllegalArgumentException("unclosed placeholder in: " + text);
            }
            String inner = text.substring(start + 2, end);
            int colon = inner.indexOf(':');
            String name = colon < 0 ? inner : inner.substring(0, colon);
            String defaultValue = colon < 0 ? null : inner.substring(colon + 1);
            if (VARIABLE_NAME.matcher(name).matches()) {
                found.add(new SpringPlaceholder(name, defaultValue));
            }
            if (defaultValue != null) {
                found.addAll(spring(defaultValue));
            }
            start = text.indexOf("${", end + 1);
        }
        return found;
    }

    /** Every interpolation in a Compose value. */
    static List<Interpolation> compose(String value) {
        String unescaped = value.replace("$$", "\u0000\u0000");
        List<Interpolation> found = new ArrayList<>();
        Matcher matcher = COMPOSE.matcher(unescaped);
        while (matcher.find()) {
            String operator = matcher.group(2) == null ? "" : matcher.group(2);
            String argument = matcher.group(3) == null ? "" : matcher.group(3);
            boolean whole = matcher.start() == 0 && matcher.end() == unescaped.length();
            found.add(new Interpolation(matcher.group(1), operator, argument, whole));
        }
        return found;
    }

    private static int closingBrace(String text, int from) {
        int depth = 1;
        for (int i = from; i < text.length(); i++) {
            if (text.startsWith("${", i)) {
                depth++;
                i++;
            } else if (text.charAt(i) == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
