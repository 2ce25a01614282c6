package io.hibobsync.notifier.mail;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Error texts fit for a mail: one line, capped, the listener wrapper spring-kafka adds taken away, and anything that
 * looks like a credential blanked. The services never put a secret in an error; this is the second line of defence,
 * as mail is read in places logs are not.
 */
public final class ErrorText {

    /** The longest error a mail quotes. */
    public static final int MAX_LENGTH = 500;

    /** The longest refusal ({@link Refusal}) a mail quotes: those name the users in conflict, which takes room. */
    public static final int MAX_REFUSAL_LENGTH = 1000;

    private static final Pattern LISTENER_WRAPPER =
            Pattern.compile("^Listener method '.*?' threw exception(?:; nested exception is [^;]*)?;\\s*");
    private static final Pattern SCHEME_CREDENTIALS =
            Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]{4,}");
    private static final Pattern NAMED_CREDENTIALS = Pattern.compile("(?i)\\b(password|passwd|pwd|secret|"
            + "client_secret|clientSecret|token|access_token|refresh_token|api[_-]?key|authorization)"
            + "(\"?\\s*[:=]\\s*\"?)(?!\\[redacted])(?!(?i:bearer|basic)\\s)[^\\s\"',;&})\\]]+");
    private static final Pattern URL_USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/\\s:@]+:[^/\\s@]+@");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    /**
     * Where the record sat, as spring-kafka's {@code BatchListenerFailedException} appends it to its message:
     * {@code hibob-webhooks-4@0} (topic-partition@offset), or {@code @-3} (the index in the batch).
     */
    private static final Pattern KAFKA_POSITION =
            Pattern.compile("\\s*(?<![\\w.@-])[A-Za-z0-9._-]+-\\d+@\\d+(?![\\w.@-])|\\s*(?<![\\w@])@-\\d+\\b");
    /** An exception class in parentheses: {@code (DoceboRejectedException)}, {@code (java.net.ConnectException)}. */
    private static final Pattern CLASS_IN_PARENTHESES =
            Pattern.compile("\\s*\\((?:[a-z_][\\w]*\\.)*[A-Z][\\w$]*(?:Exception|Error)\\)");
    /**
     * An exception class naming the message that follows it ({@code java.net.ConnectException: Connection refused},
     * {@code HttpTimeoutException: request timed out}), or said alone at the end.
     */
    private static final Pattern CLASS_NAME = Pattern.compile(
            "(?<![\\w.$])(?:[a-z_][\\w]*\\.)*[A-Z][\\w$]*(?:Exception|Error)(?:\\s*:\\s*|\\s*$)");
    /** Punctuation a removal left dangling: {@code "…: ;"}, {@code "… :"}, a trailing colon. */
    private static final Pattern DANGLING = Pattern.compile("\\s+(?=[:;,.)])|[:;,]\\s*(?=[:;,]|$)|^[:;,]\\s*");

    private ErrorText() {
    }

    /** {@code raw} made fit for a mail, at most {@code maxLength} characters. */
    public static String clean(String raw, int maxLength) {
        if (raw == null || raw.isBlank()) {
            return "(no error message was recorded)";
        }
        String text = WHITESPACE.matcher(raw).replaceAll(" ").strip();
        text = LISTENER_WRAPPER.matcher(text).replaceFirst("");
        text = withoutRepetition(text);
        text = redact(text);
        return cap(text, maxLength);
    }

    /**
     * What went wrong, for a person to read: {@code error} (a text {@link #clean} made) without the technical noise
     * spring-kafka adds, where the record sat in Kafka ({@code hibob-webhooks-4@0}: the mail says it on its Kafka
     * line) and exception class names ({@code BatchListenerFailedException}, {@code java.net.ConnectException: }).
     * What is left is the failure's own message, as the service that gave up wrote it.
     */
    public static String forPerson(String error) {
        if (error == null || error.isBlank()) {
            return clean(error, MAX_LENGTH);
        }
        String text = KAFKA_POSITION.matcher(error).replaceAll("");
        text = CLASS_IN_PARENTHESES.matcher(text).replaceAll("");
        text = CLASS_NAME.matcher(text).replaceAll("");
        text = WHITESPACE.matcher(text).replaceAll(" ").strip();
        String tidied;
        do {
            tidied = text;
            text = DANGLING.matcher(text).replaceAll("").strip();
        } while (!text.equals(tidied));
        text = withoutRepetition(text);
        return text.isEmpty() ? "(the failure gave no message; see the technical detail)" : text;
    }

    /** Blanks credentials: {@code Bearer xyz}, {@code password=xyz}, {@code "token": "xyz"}, {@code https://u:p@host}. */
    public static String redact(String text) {
        String redacted = SCHEME_CREDENTIALS.matcher(text).replaceAll("$1 [redacted]");
        redacted = NAMED_CREDENTIALS.matcher(redacted).replaceAll(match ->
                Matcher.quoteReplacement(match.group(1) + match.group(2) + "[redacted]"));
        return URL_USER_INFO.matcher(redacted).replaceAll("$1[redacted]@");
    }

    /** At most {@code maxLength} characters, an ellipsis saying when some were cut. */
    public static String cap(String text, int maxLength) {
        if (text.length() <= maxLength) {
            return text;
        }
        return text.substring(0, Math.max(0, maxLength - 1)).strip() + "…";
    }

    // spring-kafka writes "<exception>; <root cause>", the same words twice when the cause is the exception itself.
    private static String withoutRepetition(String text) {
        int middle = text.indexOf("; ");
        while (middle > 0) {
            String first = text.substring(0, middle);
            if (text.substring(middle + 2).equals(first)) {
                return first;
            }
            middle = text.indexOf("; ", middle + 2);
        }
        return text;
    }
}
