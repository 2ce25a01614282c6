package io.hibobsync.localstack;

import java.util.Optional;

/**
 * Reads the top-level {@code status} of a Spring Boot health document. Boot writes it after {@code components}, whose
 * entries have statuses of their own, so only a member of the outermost object counts.
 * A small scanner rather than a JSON library: the launcher's classpath is Kafka's, and it stays that way.
 */
final class HealthStatus {

    private HealthStatus() {
    }

    static boolean isUp(String json) {
        return topLevelStatus(json).filter("UP"::equals).isPresent();
    }

    static Optional<String> topLevelStatus(String json) {
        int depth = 0;
        String lastString = null;
        boolean expectValue = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '{', '[' -> {
                    depth++;
                    expectValue = false;
                }
                case '}', ']' -> depth--;
                case ':' -> expectValue = depth == 1 && "status".equals(lastString);
                case ',' -> expectValue = false;
                case '"' -> {
                    int end = endOfString(json, i);
                    if (end < 0) {
                        return Optional.empty();
                    }
                    String text = json.substring(i + 1, end);
                    if (expectValue) {
                        return Optional.of(text);
                    }
                    lastString = text;
                    i = end;
                }
                default -> {
                    // whitespace, numbers, literals: nothing to track
                }
            }
        }
        return Optional.empty();
    }

    private static int endOfString(String json, int openingQuote) {
        for (int i = openingQuote + 1; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return -1;
    }
}
