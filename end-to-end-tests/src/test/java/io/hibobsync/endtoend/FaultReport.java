package io.hibobsync.endtoend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The fault suite's one table (issue #12) and, below it, the hostile traffic's figures and what each scenario's
 * notes say: printed, and written to a Markdown file.
 */
final class FaultReport {

    private final List<FaultRun.Result> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private FaultScenarios.Figures hostile;

    synchronized void add(FaultRun.Result result) {
        rows.add(result);
    }

    synchronized void hostile(FaultScenarios.Figures figures) {
        hostile = figures;
    }

    synchronized void note(String note) {
        notes.add(note);
    }

    synchronized String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| fault | webhooks acknowledged | lost | duplicate Docebo users | final state = HiBob "
                + "| mails (per incident) | time to heal |\n|---|---|---|---|---|---|---|\n");
        for (FaultRun.Result row : rows) {
            out.append("| ").append(row.fault())
                    .append(" | ").append(count(row.acknowledged()))
                    .append(row.refusedAttempts() > 0 ? " (" + count(row.refusedAttempts()) + " attempts refused, "
                            + "retried)" : "")
                    .append(" | ").append(row.lost())
                    .append(" | ").append(row.duplicates())
                    .append(" | ").append(row.state().percent()).append(" (").append(count(row.state().matching()))
                    .append("/").append(count(row.state().employees())).append(")")
                    .append(" | ").append(row.mails().size()).append(row.mails().size()
                            == row.expectedMails() ? "" : " (**expected " + row.expectedMails() + "**)")
                    .append(row.mails().isEmpty() ? "" : ": " + String.join("; ", row.mails()
                            .stream().map(FaultReport::shortSubject).toList()))
                    .append(" | ").append(row.healed() ? FaultScenarios.seconds(row.heal())
                            : "**not healed** after " + FaultScenarios.seconds(row.heal()))
                    .append(" from ").append(row.healFrom())
                    .append(" |\n");
        }
        if (hostile != null) {
            out.append("\n| hostile traffic | requests | 5xx answers | records published from them "
                    + "| real deliveries: ingest's answer, p99 | real deliveries: webhook → Docebo, p99 |\n"
                    + "|---|---|---|---|---|---|\n")
                    .append("| during the attack / without it | ").append(count(hostile.traffic().requests()))
                    .append(" | ").append(hostile.traffic().serverErrors()).append(" seen by the senders, ")
                    .append(hostile.ingestServerErrors()).append(" counted by ingest")
                    .append(" | ").append(hostile.published())
                    .append(" | ").append(p99(hostile.answerDuring())).append(" / ").append(p99(hostile.answerWithout()))
                    .append(" (").append(hostile.answerDuring().size()).append(" / ")
                    .append(hostile.answerWithout().size()).append(" deliveries)")
                    .append(" | ").append(p99(hostile.syncDuring())).append(" / ").append(p99(hostile.syncWithout()))
                    .append(" |\n");
        }
        out.append('\n');
        for (FaultRun.Result row : rows) {
            out.append("- ").append(row.fault()).append(": changes ").append(row.mix()).append("; ")
                    .append(String.join("; ", row.notes())).append("; mails expected: ").append(row.mailsExpected())
                    .append(row.state().allMatch() ? "" : "; differences: " + String.join("; ", row.state().differences()))
                    .append(row.givenUp() > 0 ? "; deliveries HiBob gave up: " + row.givenUp() : "")
                    .append('\n');
        }
        notes.forEach(note -> out.append("- ").append(note).append('\n'));
        return out.toString();
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        String table = markdown();
        Files.writeString(file, table);
        System.out.println();
        System.out.println(table);
    }

    private static String shortSubject(String subject) {
        return subject == null ? "(no subject)" : subject.length() <= 90 ? subject : subject.substring(0, 87) + "...";
    }

    static String p99(List<Long> millis) {
        if (millis.isEmpty()) {
            return "n/a";
        }
        double p99 = SyncBenchmark.percentile(millis, 99);
        return p99 < 10_000 ? String.format(Locale.ROOT, "%.0f ms", p99) : String.format(Locale.ROOT, "%.1f s", p99 / 1000);
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
