package io.hibobsync.deployment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * .env.example: {@code NAME=value} lines, each with the comment lines written just above it (a blank line ends a
 * comment block, so a section heading is not taken for a variable's comment).
 */
final class EnvExample {

    static final String FILE = ".env.example";

    /** One variable: its value and the comment lines that explain it. */
    record Entry(String name, String value, List<String> comments, int line) {

        String comment() {
            return String.join("\n", comments);
        }
    }

    private final Map<String, Entry> entries;

    private EnvExample(Map<String, Entry> entries) {
        this.entries = entries;
    }

    static EnvExample load() {
        Map<String, Entry> entries = new LinkedHashMap<>();
        List<String> comments = new ArrayList<>();
        String[] lines = Repository.read(FILE).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                comments = new ArrayList<>();
            } else if (line.startsWith("#")) {
                comments.add(line.substring(1).strip());
            } else {
                int equals = line.indexOf('=');
                if (equals <= 0) {
                    throw new AssertionError(FILE + " line " + (i + 1) + " is neither NAME=value nor a comment: " + line);
                }
                String name = line.substring(0, equals).strip();
                Entry entry = new Entry(name, line.substring(equals + 1).strip(), List.copyOf(comments), i + 1);
                if (entries.putIfAbsent(name, entry) != null) {
                    throw new AssertionError(FILE + " sets " + name + " twice (lines " + entries.get(name).line()
                            + " and " + (i + 1) + ")");
                }
                comments = new ArrayList<>();
            }
        }
        return new EnvExample(entries);
    }

    Map<String, Entry> entries() {
        return entries;
    }

    Entry entry(String name) {
        Entry entry = entries.get(name);
        if (entry == null) {
            throw new AssertionError(FILE + " does not set " + name);
        }
        return entry;
    }

    String value(String name) {
        return entry(name).value();
    }
}
