package io.hibobsync.notifier.mail;

import io.hibobsync.contracts.ConfigurationAlert;
import io.hibobsync.contracts.PlanEntry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Writes the mails, in plain words: one failure, a digest of several, or an incident alert (credentials refused,
 * API throttling, deactivations held by the safety brake). A failure says which stage gave up, on which employee (id and email only: no other personal
 * data), the HiBob event, the error, when, where the record is in Kafka, and the command that replays it once the
 * cause is fixed. A {@link Refusal} (a dead letter with a reason) says instead what the sync refused and why, that
 * nothing was changed in Docebo, what to do, and where the runbook tells more; a digest groups them by reason. A
 * {@link Reconciliation} that found users out of step says what it corrected and how many, names the users that need
 * someone (identity conflicts, held by the safety brake, failed) with what to do, and lists the first of them with
 * their field-level changes, as the command line shows a run.
 */
public final class MailComposer {

    static final String SUBJECT_PREFIX = "[hibob-docebo-sync] ";
    static final String RUNBOOK = "docs/runbook.md in the hibob-docebo-sync repository, \"When you get an error mail\"";
    /** A held alert's message names held users (up to 20 of them): it gets more room than an error. */
    static final int MAX_HELD_MESSAGE_LENGTH = 4000;

    private static final Map<String, String> STAGES = Map.of(
            "enrich-service", "enrich-service could not read the employee from HiBob",
            "docebo-writer-service", "docebo-writer-service could not apply the change in Docebo");

    private static final Map<String, String> LIKELY_CAUSES = Map.ofEntries(
            Map.entry("EmployeeNotFoundException", "HiBob does not show this employee: deleted in HiBob, or the "
                    + "service user may not see them (its permission group in Bob)."),
            Map.entry("HibobRejectedException", "HiBob refused the request as invalid (a 4xx other than 401, 403 and "
                    + "429)."),
            Map.entry("InvalidWebhookException", "The record on hibob-webhooks is not a HiBob webhook the sync can "
                    + "read."),
            Map.entry("HibobUnavailableException", "HiBob failed or could not be reached for the whole retry period "
                    + "(ENRICH_RETRY_MAX_ELAPSED)."),
            Map.entry("UnmappableEmployeeException", "The employee cannot become a Docebo user as configured, e.g. no "
                    + "work email while DOCEBO_USERNAME_POLICY=email."),
            Map.entry("DoceboRejectedException", "Docebo refused the change (success:false or a 4xx), e.g. a branch "
                    + "that does not exist or a value Docebo does not accept."),
            Map.entry("DoceboUnavailableException", "Docebo failed or could not be reached for the whole retry period "
                    + "(WRITER_RETRY_MAX_ELAPSED)."),
            Map.entry("UnreadableSnapshotException", "The record on hibob-employees is not an employee snapshot the "
                    + "writer can read."));

    /** Users a reconciliation mail lists, unless told otherwise. */
    public static final int DEFAULT_RECONCILIATION_EXAMPLES = 50;
    /** Field-level changes listed per user; a user whose every field changed is rare. */
    static final int MAX_CHANGES_PER_USER = 20;
    static final int MAX_CHANGE_LENGTH = 300;

    /** What a reconciliation did, in the order of the mail: label and what it means. */
    private static final Map<String, String[]> CORRECTIONS = actions(
            "CREATE", "created", "created in Docebo: new in HiBob, no Docebo user yet",
            "UPDATE", "updated", "updated: Docebo differed from HiBob",
            "ADOPT", "adopted", "adopted: linked to the Docebo user that already existed for them",
            "REACTIVATE", "reactivated", "reactivated: active again in HiBob",
            "DEACTIVATE", "deactivated", "deactivated: left, out of the sync's scope, or no longer returned by HiBob",
            "DELETE", "deleted", "deleted, as HiBob says");
    private static final Map<String, String[]> NEEDING_YOU = actions(
            "CONFLICT", "identity conflict", "identity conflict: nothing linked, nothing changed in Docebo",
            "HELD", "held", "held by the safety brake: not written, waits until you approve or reject",
            "FAILED", "failed", "failed: could not be applied");
    private static final Map<String, String[]> MATCHING = actions(
            "UNCHANGED", "unchanged", "unchanged",
            "OUT_OF_SCOPE", "out of scope", "out of the sync's scope (SYNC_SCOPE), left alone",
            "IN_DOCEBO_ONLY", "in Docebo only", "only in Docebo (no HiBob employee owns them), left alone");

    private final ReplayCommand replay;
    private final int maxItems;
    private final int maxExamples;

    public MailComposer(ReplayCommand replay, int maxItems) {
        this(replay, maxItems, DEFAULT_RECONCILIATION_EXAMPLES);
    }

    /** @param maxExamples users a reconciliation mail lists with their changes; the others are counted */
    public MailComposer(ReplayCommand replay, int maxItems, int maxExamples) {
        this.replay = replay;
        this.maxItems = maxItems;
        this.maxExamples = maxExamples;
    }

    /** One mail about {@code failures}: the failure itself when there is one, else a digest. */
    public MailContent failures(List<Failure> failures) {
        if (failures.isEmpty()) {
            throw new IllegalArgumentException("no failure to mail");
        }
        return failures.size() == 1 ? single(failures.get(0)) : digest(failures);
    }

    public MailContent credentialsRefused(ConfigurationAlert alert, KafkaPosition position) {
        String system = orUnknown(alert.system());
        String service = orUnknown(alert.service());
        String subject = SUBJECT_PREFIX + system + " refuses our credentials: " + service + " has paused";
        String body = system + " refused the credentials of " + service + (alert.status() > 0 ? " with HTTP "
                + alert.status() : "") + (alert.at() == null ? "" : " at " + time(alert.at())) + ".\n\n"
                + ErrorText.cap(ErrorText.redact(orUnknown(alert.message())), 2 * ErrorText.MAX_LENGTH) + "\n\n"
                + "Nothing is lost meanwhile: " + service + " holds its records and tries again now and then.\n"
                + "It goes on by itself once the credentials work, and you get one more mail then.\n"
                + "This mail comes once per incident, not once per record.\n\n"
                + "What to check: " + RUNBOOK + ", section \"Credentials alerts\".\n"
                + "Kafka: " + position + ".\n";
        return new MailContent(subject, body);
    }

    public MailContent credentialsAccepted(ConfigurationAlert alert, Instant refusedSince, KafkaPosition position) {
        String system = orUnknown(alert.system());
        String service = orUnknown(alert.service());
        String subject = SUBJECT_PREFIX + "Resolved: " + system + " accepts the credentials of " + service + " again";
        String lasted = refusedSince == null || alert.at() == null ? ""
                : " The incident lasted " + human(Duration.between(refusedSince, alert.at())) + " (since "
                        + time(refusedSince) + ").";
        String body = system + " accepts the credentials of " + service + " again"
                + (alert.at() == null ? "" : " since " + time(alert.at())) + "." + lasted + "\n\n"
                + ErrorText.cap(ErrorText.redact(orUnknown(alert.message())), 2 * ErrorText.MAX_LENGTH) + "\n\n"
                + service + " goes on with the records that waited; nothing needs replaying for this incident.\n"
                + "Kafka: " + position + ".\n";
        return new MailContent(subject, body);
    }

    public MailContent throttled(ConfigurationAlert alert, Instant publishedAt, KafkaPosition position) {
        String system = orUnknown(alert.system());
        String service = orUnknown(alert.service());
        Duration lasting = alert.at() == null || publishedAt == null ? null : Duration.between(alert.at(), publishedAt);
        boolean known = lasting != null && !lasting.isNegative() && !lasting.isZero();
        String subject = SUBJECT_PREFIX + system + (known ? " has been throttling " + service + " for "
                + lasting(lasting) : " is throttling " + service) + ": changes wait, none lost";
        String body = system + " has been telling " + service + " to slow down" + (alert.status() > 0
                ? " (HTTP " + alert.status() + statusName(alert.status()) + ")" : "")
                + (alert.at() == null ? "" : " since " + time(alert.at()))
                + (known ? ", for " + lasting(lasting) + " when this alert was raised" : "") + ".\n\n"
                + ErrorText.cap(ErrorText.redact(orUnknown(alert.message())), 2 * ErrorText.MAX_LENGTH) + "\n\n"
                + "Nothing is lost: " + service + " holds its records and sends them as fast as " + system
                + " lets it; none is dead-lettered for this. Changes reach Docebo late meanwhile.\n"
                + "You get one more mail when " + system + " answers normally again.\n"
                + "This mail comes once per incident, not once per record.\n\n"
                + "What to check: " + RUNBOOK + ", section \"Throttled (429/503)\" (docs/runbook.md#throttled-429503).\n"
                + "Kafka: " + position + ".\n";
        return new MailContent(subject, body);
    }

    public MailContent throttleEnded(ConfigurationAlert alert, Instant throttledSince, KafkaPosition position) {
        String system = orUnknown(alert.system());
        String service = orUnknown(alert.service());
        String subject = SUBJECT_PREFIX + "Resolved: " + system + " no longer throttles " + service
                + ": the changes that waited go on";
        String lasted = throttledSince == null || alert.at() == null ? ""
                : " The throttling lasted " + human(Duration.between(throttledSince, alert.at())) + " (since "
                        + time(throttledSince) + ").";
        String body = system + " answers " + service + " normally again"
                + (alert.at() == null ? "" : " since " + time(alert.at())) + "." + lasted + "\n\n"
                + ErrorText.cap(ErrorText.redact(orUnknown(alert.message())), 2 * ErrorText.MAX_LENGTH) + "\n\n"
                + service + " goes on with the records that waited; nothing needs replaying for this incident.\n"
                + "Kafka: " + position + ".\n";
        return new MailContent(subject, body);
    }

    /**
     * The safety brake started holding deactivations and deletions: what, why it may be a fault, and the exact
     * commands to review, approve or reject them. Sent once per episode: more may be held afterwards without mail.
     */
    public MailContent held(ConfigurationAlert alert, KafkaPosition position) {
        String service = orUnknown(alert.service());
        String system = orUnknown(alert.system());
        int count = alert.status();
        String subject = SUBJECT_PREFIX + "Safety brake: " + (count > 0 ? count + " " : "")
                + (count == 1 ? "deactivation" : "deactivations") + " held in " + system + " — approve or reject";
        String body = "The safety brake of " + service + " is holding " + (count > 0 ? count + " " : "")
                + (count == 1 ? "deactivation or deletion" : "deactivations or deletions") + " of " + system + " users"
                + (alert.at() == null ? "" : " (since " + time(alert.at()) + ")") + ": more came within an hour than "
                + "it allows. " + (count == 1 ? "It has not" : "None of them has") + " been written to " + system
                + "; " + (count == 1 ? "it waits" : "they wait") + " until you approve or reject.\n\n"
                + ErrorText.cap(ErrorText.redact(orUnknown(alert.message())), MAX_HELD_MESSAGE_LENGTH) + "\n\n"
                + "Why it may be wrong: so many at once is more often a fault than real leavers. A HiBob "
                + "permission change that hides a department from the sync's service user makes its people look "
                + "terminated or deleted; a bulk edit in Bob gone wrong does the same. Compare the held list with "
                + "HiBob before you decide.\n\n"
                + "1. Review what is held (employee, Docebo user, action, since when, why):\n"
                + "     " + replay.held(null) + "\n"
                + "2. Look some of them up in Bob (by employee id): really gone, or only hidden from the sync?\n"
                + "3. Decide on exactly the held actions that command lists:\n"
                + "   approve, to deactivate or delete them in " + system + ":\n"
                + "     " + replay.held("--approve") + "\n"
                + "   reject, to drop them: nothing changes in " + system + " (a later change in HiBob is decided "
                + "afresh):\n"
                + "     " + replay.held("--reject") + "\n"
                + "   Add --employee <id> to decide on some only, --dry-run to see what would be asked.\n\n"
                + "More may be held after this mail while the episode lasts: you get no further mail for them, and "
                + "'held' always shows the current list (--approve and --reject decide on what it lists when you run "
                + "them). You get one more mail when nothing is held any more.\n"
                + "This mail comes once per episode, not once per held action.\n\n"
                + "What to check: " + RUNBOOK + ", section \"Deactivations held by the safety brake\" "
                + "(docs/runbook.md#deactivations-held-by-the-safety-brake).\n"
                + "Kafka: " + position + ".\n";
        return new MailContent(subject, body);
    }

    /** Nothing is held any more: every held action was approved, rejected or superseded. */
    public MailContent heldResolved(ConfigurationAlert alert, Instant heldSince, KafkaPosition position) {
        String service = orUnknown(alert.service());
        String system = orUnknown(alert.system());
        String subject = SUBJECT_PREFIX + "Resolved: the safety brake of " + service + " holds nothing any more";
        String lasted = heldSince == null || alert.at() == null ? ""
                : " The episode lasted " + human(Duration.between(heldSince, alert.at())) + " (since "
                        + time(heldSince) + ").";
        String body = "Nothing is held by the safety brake of " + service + " any more"
                + (alert.at() == null ? "" : " since " + time(alert.at())) + "." + lasted + "\n\n"
                + ErrorText.cap(ErrorText.redact(orUnknown(alert.message())), MAX_HELD_MESSAGE_LENGTH) + "\n\n"
                + "Each held action was approved (then written to " + system + "), rejected (nothing changed in "
                + system + ") or superseded by a newer change of the employee; docebo-sync-outcomes records what the "
                + "writer did. Should many deactivations or deletions come at once again, the brake holds them again "
                + "and you get a new mail.\n"
                + "Kafka: " + position + ".\n";
        return new MailContent(subject, body);
    }

    /**
     * A nightly reconciliation found users out of step: what it corrected (and how many of each), what needs
     * someone and what to do about it, and the first users with their changes. Only mailed when something drifted.
     */
    public MailContent reconciliation(Reconciliation run) {
        int corrected = sum(run, CORRECTIONS.keySet());
        int needingYou = sum(run, NEEDING_YOU.keySet());
        Map<String, Integer> unknown = new TreeMap<>();
        run.counts().forEach((action, count) -> {
            if (Reconciliation.isDrift(action) && !CORRECTIONS.containsKey(action) && !NEEDING_YOU.containsKey(action)
                    && count > 0) {
                unknown.put(action, count);
            }
        });
        // An action this notifier does not know yet (a newer writer) is drift all the same: counted as corrected.
        corrected += unknown.values().stream().mapToInt(Integer::intValue).sum();
        int drifted = corrected + needingYou;
        int matching = run.counts().entrySet().stream().filter(entry -> !Reconciliation.isDrift(entry.getKey()))
                .mapToInt(entry -> Math.max(0, entry.getValue())).sum();

        List<String> did = new ArrayList<>();
        CORRECTIONS.forEach((action, label) -> {
            if (run.count(action) > 0) {
                did.add(run.count(action) + " " + label[0]);
            }
        });
        unknown.forEach((action, count) -> did.add(count + " " + action.toLowerCase(Locale.ROOT)));
        List<String> open = new ArrayList<>();
        NEEDING_YOU.forEach((action, label) -> {
            if (run.count(action) > 0) {
                open.add(run.count(action) + " " + label[0]
                        + (action.equals("CONFLICT") && run.count(action) > 1 ? "s" : ""));
            }
        });
        String needs = needingYou + (needingYou == 1 ? " needs" : " need") + " you";
        String subject = SUBJECT_PREFIX + (corrected > 0
                ? "Nightly reconciliation corrected " + users(corrected) + ": " + String.join(", ", did)
                        + (needingYou > 0 ? "; " + needs + ": " + String.join(", ", open) : "")
                : "Nightly reconciliation found " + users(needingYou) + " out of step it could not correct: "
                        + String.join(", ", open));

        StringBuilder body = new StringBuilder()
                .append("The nightly reconciliation compared ")
                .append(run.total() > 0 ? "the " + run.total() + " employees HiBob returned" : "HiBob")
                .append(" with Docebo and found ").append(users(drifted)).append(" out of step: ")
                .append(corrected > 0 ? "it corrected " + corrected + " in Docebo" : "it corrected none")
                .append(needingYou > 0 ? ", and " + needs + " (below)" : "")
                .append(". Everything else matched HiBob.\n\n");
        body.append("Run:      ").append(run.runId())
                .append(run.finishedAt() == null ? "" : ", finished " + time(run.finishedAt()))
                .append(" (all ").append(run.partitions()).append(run.partitions() == 1 ? " partition" : " partitions")
                .append(" reported)\n\n");
        if (corrected > 0) {
            body.append("Corrected in Docebo (").append(corrected).append("):\n");
            CORRECTIONS.forEach((action, label) -> countLine(body, run.count(action), label[1], action));
            unknown.forEach((action, count) -> countLine(body, count, action.toLowerCase(Locale.ROOT), action));
        }
        if (needingYou > 0) {
            body.append("Needs you (").append(needingYou).append("):\n");
            NEEDING_YOU.forEach((action, label) -> countLine(body, run.count(action), label[1], action));
        }
        body.append("Matched HiBob, nothing to do (").append(matching).append("):\n");
        MATCHING.forEach((action, label) -> countLine(body, run.count(action), label[1], null));

        body.append("\nWhat to do:\n");
        if (run.count("CONFLICT") > 0) {
            body.append("- Identity conflicts (").append(run.count("CONFLICT")).append("): the writer found a Docebo "
                    + "user for the employee that is not unambiguously theirs, so it linked nothing and changed "
                    + "nothing. Each is also on hibob-employees-dlt, with a mail of its own naming the users in "
                    + "conflict. Compare them in Bob and in Docebo and resolve each as the runbook says: "
                    + "docs/runbook.md, section \"Identity conflict\" (docs/runbook.md#identity-conflict). The next "
                    + "reconciliation syncs them once resolved.\n");
        }
        if (run.count("HELD") > 0) {
            body.append("- Held (").append(run.count("HELD")).append("): the safety brake holds these "
                    + "deactivations or deletions; the users stay as they are in Docebo until you decide. Many at once "
                    + "are more often a fault (a HiBob permission change hiding a department) than leavers: compare "
                    + "them with HiBob, then approve or reject:\n")
                    .append("     ").append(replay.held(null)).append('\n')
                    .append("     ").append(replay.held("--approve")).append('\n')
                    .append("     ").append(replay.held("--reject")).append('\n')
                    .append("  More: docs/runbook.md, section \"Deactivations held by the safety brake\" "
                            + "(docs/runbook.md#deactivations-held-by-the-safety-brake).\n");
        }
        if (run.count("FAILED") > 0) {
            body.append("- Failed (").append(run.count("FAILED")).append("): the writer could not apply them. Each "
                    + "is on hibob-employees-dlt, with an error mail of its own that says why and how to replay it; "
                    + "the next reconciliation tries them again too.\n");
        }
        if (corrected > 0) {
            body.append("- The corrections need nothing from you: Docebo matches HiBob again. Many of one kind may "
                    + "mean webhooks were missed or someone changed Docebo by hand: docs/runbook.md, section "
                    + "\"Reconciliation corrected something\" "
                    + "(docs/runbook.md#reconciliation-corrected-something).\n");
        }

        List<PlanEntry> listed = run.examples().subList(0, Math.min(maxExamples, run.examples().size()));
        body.append('\n').append(listed.size() >= drifted ? "Each of them:" : "The first " + listed.size()
                + " of them (those that need you first):").append('\n');
        int number = 0;
        for (PlanEntry entry : listed) {
            number++;
            example(body, number, entry);
        }
        if (listed.size() < drifted) {
            body.append("\n… and ").append(drifted - listed.size()).append(" more, not listed "
                    + "(NOTIFIER_RECONCILIATION_MAX_EXAMPLES). Every one is on ").append(run.position().topic())
                    .append(" partition ").append(run.position().partition()).append(", key ").append(run.runId())
                    .append("; docebo-sync-outcomes records what the writer did.\n");
        }
        body.append("\nKafka: ").append(run.position()).append(" (the run's last report).\n")
                .append("This mail comes once per reconciliation, and only when it found users out of step: no mail "
                        + "means the night's run matched HiBob (or has not finished).\n");
        return new MailContent(subject, body.toString());
    }

    private static void countLine(StringBuilder body, int count, String label, String action) {
        if (count > 0) {
            body.append("  ").append(count).append(" × ").append(label)
                    .append(action == null ? "" : " (" + action + ")").append('\n');
        }
    }

    private static void example(StringBuilder body, int number, PlanEntry entry) {
        String action = oneLine(entry.action(), 40);
        String[] label = CORRECTIONS.containsKey(action) ? CORRECTIONS.get(action) : NEEDING_YOU.get(action);
        String what = label == null ? orUnknown(action).toLowerCase(Locale.ROOT) : label[0];
        body.append('\n').append(number).append(". ").append(Character.toUpperCase(what.charAt(0)))
                .append(what.substring(1)).append(": employee ").append(orUnknown(oneLine(entry.employeeId(), 64)));
        String userId = oneLine(entry.doceboUserId(), 64);
        String username = oneLine(entry.username(), 190);
        if (userId != null || username != null) {
            body.append(" → Docebo user ").append(userId == null ? "" : userId)
                    .append(username == null ? "" : (userId == null ? "" : " ") + "(" + username + ")");
        }
        body.append('\n');
        List<String> changes = entry.changes();
        changes.stream().limit(MAX_CHANGES_PER_USER).forEach(change -> body.append("     ")
                .append(ErrorText.cap(ErrorText.redact(orUnknown(oneLine(change, Integer.MAX_VALUE))),
                        MAX_CHANGE_LENGTH)).append('\n'));
        if (changes.size() > MAX_CHANGES_PER_USER) {
            body.append("     … and ").append(changes.size() - MAX_CHANGES_PER_USER).append(" more fields\n");
        }
        if (entry.detail() != null && !entry.detail().isBlank()) {
            body.append("     ").append(changes.isEmpty() ? "" : "why: ").append(ErrorText.clean(entry.detail(),
                    Reconciliation.NEEDS_YOU.contains(action) ? ErrorText.MAX_REFUSAL_LENGTH : ErrorText.MAX_LENGTH))
                    .append('\n');
        }
    }

    private static int sum(Reconciliation run, Set<String> actions) {
        return actions.stream().mapToInt(run::count).sum();
    }

    private static String users(int count) {
        return count + (count == 1 ? " user" : " users");
    }

    /** Values from records: one line each. */
    private static String oneLine(String value, int maxLength) {
        if (value == null) {
            return null;
        }
        String line = value.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        return line.isEmpty() ? null : ErrorText.cap(line, maxLength);
    }

    private static Map<String, String[]> actions(String... triples) {
        Map<String, String[]> actions = new LinkedHashMap<>();
        for (int i = 0; i < triples.length; i += 3) {
            actions.put(triples[i], new String[] {triples[i + 1], triples[i + 2]});
        }
        return actions;
    }

    private MailContent single(Failure failure) {
        Optional<Refusal> refusal = failure.refusal();
        if (refusal.isPresent()) {
            return singleRefusal(failure, refusal.get());
        }
        String subject = SUBJECT_PREFIX + failure.stage() + " failed for employee "
                + orUnknown(failure.employeeId()) + (failure.eventType() == null ? "" : " (" + failure.eventType() + ")");
        StringBuilder body = new StringBuilder()
                .append("A record could not be synced. It waits in the dead-letter topic ")
                .append(failure.deadLetter().topic()).append(" until you replay it.\n\n");
        details(failure, body, "");
        body.append("\nOnce the cause is fixed, replay it (add --dry-run first to see what it would move):\n  ")
                .append(replay.forEmployee(failure.deadLetter().topic(), failure.employeeId(), failure.failedAt()))
                .append("\n\nWhat the failure usually means and how to fix it: ").append(RUNBOOK).append(".\n");
        return new MailContent(subject, body.toString());
    }

    private MailContent singleRefusal(Failure failure, Refusal refusal) {
        String subject = SUBJECT_PREFIX + refusal.subject(orUnknown(failure.employeeId()));
        String topic = failure.deadLetter().topic();
        StringBuilder body = new StringBuilder()
                .append(failure.stage()).append(" refused a change on purpose: ")
                .append(refusal.title().toLowerCase(Locale.ROOT)).append(". ").append(Refusal.NOTHING_CHANGED)
                .append("\nThe record waits in the dead-letter topic ").append(topic)
                .append(" until you replay or discard it.\n\n")
                .append("What happened: ").append(refusal.whatHappened(failure.stage())).append("\n\n");
        refusalDetails(failure, body, "");
        body.append("\nWhat to do:\n");
        steps(refusal, body, "  ");
        body.append("\nOnce resolved, replay it (add --dry-run first to see what it would move):\n  ")
                .append(replay.forEmployee(topic, failure.employeeId(), failure.failedAt()))
                .append("\nTo discard it instead, do nothing: a dead letter is applied only when replayed.\n")
                .append("\nMore on this: ").append(refusal.runbook()).append(".\n");
        return new MailContent(subject, body.toString());
    }

    private MailContent digest(List<Failure> failures) {
        List<Failure> ordered = failures.stream().sorted(Comparator.comparing(Failure::failedAt)).toList();
        // Refusals by reason, listed first (they want steps, not a replay); the other failures after them.
        Map<Refusal, List<Failure>> refusals = new EnumMap<>(Refusal.class);
        List<Failure> others = new ArrayList<>();
        ordered.forEach(failure -> failure.refusal().ifPresentOrElse(
                refusal -> refusals.computeIfAbsent(refusal, any -> new ArrayList<>()).add(failure),
                () -> others.add(failure)));
        boolean grouped = !refusals.isEmpty();
        Map<String, Long> byStage = others.stream()
                .collect(Collectors.groupingBy(Failure::stage, TreeMap::new, Collectors.counting()));

        List<String> counts = new ArrayList<>();
        refusals.forEach((refusal, items) -> counts.add(refusal.title().toLowerCase(Locale.ROOT) + ": "
                + items.size()));
        byStage.forEach((stage, count) -> counts.add(stage + ": " + count));
        String subject = SUBJECT_PREFIX + failures.size() + " records failed to sync (" + String.join(", ", counts)
                + ")";

        Instant first = ordered.get(0).failedAt();
        Instant last = ordered.get(ordered.size() - 1).failedAt();
        StringBuilder body = new StringBuilder().append(failures.size()).append(" records could not be synced between ")
                .append(time(first)).append(" and ").append(time(last))
                .append(". They wait in the dead-letter topics until you replay them.\n\n");
        refusals.forEach((refusal, items) -> body.append("  ").append(items.size()).append(" × ")
                .append(refusal.summary()).append(" (nothing was changed in Docebo)\n"));
        byStage.forEach((stage, count) -> body.append("  ").append(count).append(" × ")
                .append(STAGES.getOrDefault(stage, stage + " gave up on the record")).append('\n'));

        int listed = Math.min(maxItems, ordered.size());
        body.append('\n').append(listed == ordered.size() ? "Each one is below." : "The first " + listed
                + " are below; " + (ordered.size() - listed) + " more are not listed (NOTIFIER_DIGEST_MAX_ITEMS).")
                .append("\n\n");
        if (!others.isEmpty()) {
            body.append(grouped ? "Once the cause of the failures is fixed, replay them all" : "Once the cause is "
                    + "fixed, replay them all").append(" (add --dry-run first to see what it would move):\n");
            Map<String, Instant> firstPerTopic = new LinkedHashMap<>();
            Map<String, Instant> lastPerTopic = new LinkedHashMap<>();
            others.forEach(failure -> {
                firstPerTopic.putIfAbsent(failure.deadLetter().topic(), failure.failedAt());
                lastPerTopic.put(failure.deadLetter().topic(), failure.failedAt());
            });
            firstPerTopic.forEach((topic, since) -> body.append("  ")
                    .append(replay.forTopic(topic, since, lastPerTopic.get(topic))).append('\n'));
        }
        if (grouped) {
            body.append(others.isEmpty() ? "" : "\n").append("The refusals (grouped by reason below) were not "
                    + "errors: the sync refused them on purpose and changed nothing in Docebo. Follow the steps of "
                    + "each reason first; then replay each one with its own command, or discard it (do nothing: a "
                    + "dead letter is applied only when replayed).\n");
        }
        body.append("\nWhat a failure usually means and how to fix it: ").append(RUNBOOK).append(".\n");

        int number = 0;
        for (Map.Entry<Refusal, List<Failure>> group : refusals.entrySet()) {
            if (number >= listed) {
                break;
            }
            Refusal refusal = group.getKey();
            body.append("\n── ").append(refusal.title()).append(" (").append(group.getValue().size()).append(") ──\n")
                    .append("What happened: ").append(refusal.whatHappened(group.getValue().get(0).stage()))
                    .append(' ').append(Refusal.NOTHING_CHANGED).append("\nWhat to do:\n");
            steps(refusal, body, "  ");
            body.append("More on this: ").append(refusal.runbook()).append(".\n");
            for (Failure failure : group.getValue()) {
                if (number >= listed) {
                    break;
                }
                number++;
                body.append("\n").append(number).append(". ")
                        .append(refusal.subject(orUnknown(failure.employeeId()))).append('\n');
                refusalDetails(failure, body, "   ");
                body.append("   Replay:      ").append(replay.forEmployee(failure.deadLetter().topic(),
                        failure.employeeId(), failure.failedAt())).append(" (once resolved)\n");
            }
        }
        if (grouped && number < listed && !others.isEmpty()) {
            body.append("\n── Other failures (").append(others.size()).append(") ──\n");
        }
        for (Failure failure : others) {
            if (number >= listed) {
                break;
            }
            number++;
            body.append("\n").append(number).append(". ").append(describeStage(failure)).append('\n');
            details(failure, body, "   ");
            body.append("   Replay:      ")
                    .append(replay.forEmployee(failure.deadLetter().topic(), failure.employeeId(), failure.failedAt()))
                    .append('\n');
        }
        if (listed < ordered.size()) {
            body.append("\n… and ").append(ordered.size() - listed).append(" more, up to ").append(time(last))
                    .append(": all of them are on the dead-letter topics named above.\n");
        }
        return new MailContent(subject, body.toString());
    }

    private static void details(Failure failure, StringBuilder body, String indent) {
        if (indent.isEmpty()) {
            body.append("What failed:  ").append(describeStage(failure)).append('\n');
        }
        body.append(indent).append("Employee:    ").append(orUnknown(failure.employeeId()))
                .append(failure.email() == null ? "" : ", " + failure.email()).append('\n');
        body.append(indent).append("HiBob event: ").append(orUnknown(failure.eventType())).append('\n');
        // What went wrong, in the failing service's words: no Kafka position, no class name (the last line has them).
        String error = ErrorText.forPerson(failure.error());
        body.append(indent).append("Error:       ").append(error).append('\n');
        if (failure.reason() != null) {
            // A reason this notifier does not know (a newer service): said as it came.
            body.append(indent).append("Reason:      ").append(failure.reason()).append('\n');
        }
        String likely = failure.errorType() == null ? null : LIKELY_CAUSES.get(failure.errorType());
        if (likely != null) {
            body.append(indent).append("Likely:      ").append(likely).append('\n');
        }
        body.append(indent).append("When:        ").append(time(failure.failedAt())).append(" (given up)")
                .append(failure.firstWrittenAt() == null ? ""
                        : ", first written to Kafka " + time(failure.firstWrittenAt()))
                .append('\n');
        body.append(indent).append("Kafka:       ").append(failure.deadLetter())
                .append(failure.original() == null ? "" : " (failed on " + failure.original() + ")").append('\n');
        technicalDetail(failure, error, body, indent);
    }

    /**
     * For whoever digs further: the failure's class, and the error exactly as recorded when the Error line had to
     * leave something out of it (where the record sat, class names). Nothing when there is nothing more to say.
     */
    private static void technicalDetail(Failure failure, String shown, StringBuilder body, String indent) {
        String recorded = failure.error() == null || failure.error().isBlank() ? null : failure.error();
        boolean more = recorded != null && !recorded.equals(shown);
        if (failure.errorType() == null && !more) {
            return;
        }
        body.append(indent).append("Technical detail: ")
                .append(failure.errorType() == null ? "" : failure.errorType())
                .append(failure.errorType() != null && more ? "; " : "")
                .append(more ? "recorded as \"" + recorded + "\"" : "")
                .append('\n');
    }

    private static void refusalDetails(Failure failure, StringBuilder body, String indent) {
        if (indent.isEmpty()) {
            body.append("Refused by:  ").append(failure.stage()).append('\n');
        }
        String details = ErrorText.forPerson(failure.error());
        body.append(indent).append("Details:     ").append(details).append('\n');
        body.append(indent).append("Employee:    ").append(orUnknown(failure.employeeId()))
                .append(failure.email() == null ? "" : ", " + failure.email()).append('\n');
        body.append(indent).append("HiBob event: ").append(orUnknown(failure.eventType())).append('\n');
        body.append(indent).append("When:        ").append(time(failure.failedAt())).append(" (refused)")
                .append(failure.firstWrittenAt() == null ? ""
                        : ", first written to Kafka " + time(failure.firstWrittenAt()))
                .append('\n');
        body.append(indent).append("Kafka:       ").append(failure.deadLetter())
                .append(failure.original() == null ? "" : " (refused on " + failure.original() + ")").append('\n');
        if (!details.equals(failure.error()) && failure.error() != null && !failure.error().isBlank()) {
            body.append(indent).append("Technical detail: recorded as \"").append(failure.error()).append("\"\n");
        }
    }

    private static void steps(Refusal refusal, StringBuilder body, String indent) {
        List<String> steps = refusal.steps();
        for (int i = 0; i < steps.size(); i++) {
            body.append(indent).append(i + 1).append(". ").append(steps.get(i)).append('\n');
        }
    }

    private static String describeStage(Failure failure) {
        return STAGES.getOrDefault(failure.stage(), failure.stage() + " gave up on the record");
    }

    private static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String human(Duration duration) {
        Duration rounded = duration.isNegative() ? Duration.ZERO : duration.truncatedTo(ChronoUnit.SECONDS);
        return rounded.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    /** How long a throttle had lasted, for a subject: "45 s", "30 min", "2 h 5 min". */
    private static String lasting(Duration duration) {
        long minutes = duration.toMinutes();
        if (minutes < 1) {
            return duration.toSeconds() + " s";
        }
        if (minutes < 60) {
            return minutes + " min";
        }
        return minutes / 60 + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
    }

    private static String statusName(int status) {
        return switch (status) {
            case 429 -> ", too many requests";
            case 503 -> ", service unavailable";
            default -> "";
        };
    }

    private static String orUnknown(String value) {
        return value == null || value.isBlank() ? "unknown" : value;
    }
}
