package io.hibobsync.simulator.support;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Takes the secrets out of what the call log records, since {@code /sim/calls} serves it to anyone: the
 * values of form fields and JSON properties named like a password, secret or token ({@code password},
 * {@code client_secret}, {@code refresh_token}, {@code clientSecret}...) become {@code ***}. Everything else
 * stays as it was sent, formatting included, so tests can still assert on bodies.
 */
final class SecretRedaction {

    static final String REDACTED = "***";

    /** Compared without case, {@code _}, {@code -} or {@code .}: {@code token_type} is kept, {@code access_token} is not. */
    private static final List<String> SECRET_NAME_ENDINGS = List.of("password", "secret", "token");
    private static final Pattern NAME_SEPARATORS = Pattern.compile("[_.\\-]");

    private SecretRedaction() {
    }

    /** A request body of this content type (may be {@code null}), with its secrets redacted. */
    static String body(String body, String contentType) {
        if (body.isEmpty()) {
            return body;
        }
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("application/x-www-form-urlencoded")) {
            return form(body);
        }
        if (type.contains("json") || looksLikeJson(body)) {
            return json(body);
        }
        return body;
    }

    /** {@code a=1&password=x} (a form body or a query string) as {@code a=1&password=***}. */
    static String form(String form) {
        if (form.isEmpty()) {
            return form;
        }
        var redacted = new StringBuilder(form.length());
        for (String field : form.split("&", -1)) {
            if (!redacted.isEmpty()) {
                redacted.append('&');
            }
            int equals = field.indexOf('=');
            if (equals >= 0 && isSecretName(decode(field.substring(0, equals)))) {
                redacted.append(field, 0, equals + 1).append(REDACTED);
            } else {
                redacted.append(field);
            }
        }
        return redacted.toString();
    }

    /**
     * JSON with the value of every secret-named property replaced by {@code "***"}: strings, numbers, objects
     * and arrays; {@code true}, {@code false} and {@code null} say nothing secret and are kept. Works on the
     * text, so malformed JSON (which a test may send on purpose) is redacted too.
     */
    static String json(String json) {
        StringBuilder redacted = null;
        int copied = 0;
        int at = 0;
        while (at < json.length()) {
            if (json.charAt(at) != '"') {
                at++;
                continue;
            }
            int nameEnd = endOfString(json, at);
            int colon = skipWhitespace(json, nameEnd);
            if (colon < json.length() && json.charAt(colon) == ':'
                    && isSecretName(json.substring(at + 1, Math.max(at + 1, nameEnd - 1)))) {
                int valueStart = skipWhitespace(json, colon + 1);
                int valueEnd = endOfSecretValue(json, valueStart);
                if (valueEnd > valueStart) {
                    if (redacted == null) {
                        redacted = new StringBuilder(json.length());
                    }
                    redacted.append(json, copied, valueStart).append('"').append(REDACTED).append('"');
                    copied = valueEnd;
                    at = valueEnd;
                    continue;
                }
            }
            at = nameEnd;
        }
        return redacted == null ? json : redacted.append(json, copied, json.length()).toString();
    }

    static boolean isSecretName(String name) {
        String plain = NAME_SEPARATORS.matcher(name.toLowerCase(Locale.ROOT)).replaceAll("");
        return SECRET_NAME_ENDINGS.stream().anyMatch(plain::endsWith);
    }

    private static boolean looksLikeJson(String body) {
        int first = skipWhitespace(body, 0);
        return first < body.length() && (body.charAt(first) == '{' || body.charAt(first) == '[');
    }

    /** Where the value starting here ends, or {@code start} when it is a literal to keep (or nothing). */
    private static int endOfSecretValue(String json, int start) {
        if (start >= json.length()) {
            return start;
        }
        char first = json.charAt(start);
        if (first == '"') {
            return endOfString(json, start);
        }
        if (first == '{' || first == '[') {
            return endOfContainer(json, start);
        }
        int end = start;
        while (end < json.length() && ",}] \t\r\n".indexOf(json.charAt(end)) < 0) {
            end++;
        }
        String literal = json.substring(start, end);
        return literal.equals("true") || literal.equals("false") || literal.equals("null") ? start : end;
    }

    /** Index just past the closing quote of the string opening at {@code quote} (the end of the text if unclosed). */
    private static int endOfString(String json, int quote) {
        int at = quote + 1;
        while (at < json.length()) {
            char c = json.charAt(at);
            if (c == '\\') {
                at += 2;
            } else if (c == '"') {
                return at + 1;
            } else {
                at++;
            }
        }
        return json.length();
    }

    private static int endOfContainer(String json, int open) {
        int depth = 0;
        int at = open;
        while (at < json.length()) {
            char c = json.charAt(at);
            if (c == '"') {
                at = endOfString(json, at);
                continue;
            }
            if (c == '{' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ']') && --depth == 0) {
                return at + 1;
            }
            at++;
        }
        return json.length();
    }

    private static int skipWhitespace(String text, int from) {
        int at = from;
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
        return at;
    }

    private static String decode(String formName) {
        try {
            return URLDecoder.decode(formName, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return formName;
        }
    }
}
