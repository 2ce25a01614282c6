package io.hibobsync.endtoend;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The benchmark's one table: each measured figure beside its target. Targets are reported, never asserted. */
final class BenchmarkReport {

    private record Row(String scenario, String measure, String target, String measured, Boolean met) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /** A figure with a target; {@code met} is null when the figure could not be measured. */
    synchronized void add(String scenario, String measure, String target, String measured, Boolean met) {
        rows.add(new Row(scenario, measure, target, measured, met));
    }

    /** A figure without a target. */
    synchronized void add(String scenario, String measure, String measured) {
        rows.add(new Row(scenario, measure, "", measured, null));
    }

    synchronized void note(String note) {
        notes.add(note);
    }

    synchronized String markdown() {
        StringBuilder table = new StringBuilder();
        table.append("| scenario | measure | target | measured | met |\n|---|---|---|---|---|\n");
        for (Row row : rows) {
            table.append("| ").append(cell(row.scenario)).append(" | ").append(cell(row.measure)).append(" | ")
                    .append(cell(row.target)).append(" | ").append(cell(row.measured)).append(" | ")
                    .append(row.target.isEmpty() ? "" : row.met == null ? "?" : row.met ? "yes" : "**no**")
                    .append(" |\n");
        }
        if (!notes.isEmpty()) {
            table.append('\n');
            notes.forEach(note -> table.append("- ").append(note).append('\n'));
        }
        return table.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    static String seconds(double millis) {
        return millis < 10_000 ? String.format(Locale.ROOT, "%.2f s", millis / 1000)
                : String.format(Locale.ROOT, "%.0f s", millis / 1000);
    }

    static String megabytes(long kilobytes) {
        return String.format(Locale.ROOT, "%d MB", Math.round(kilobytes / 1024.0));
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
