package io.hibobsync.notifier.mail;

import io.hibobsync.contracts.DeadLetterHeaders;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A dead letter the sync wrote on purpose ({@link DeadLetterHeaders#REASON}): not an error, a change it refused
 * because applying it could harm Docebo. Each says in plain words what happened and what to do, and points to its
 * section of {@code docs/runbook.md}. In all of them nothing was changed in Docebo.
 */
public enum Refusal {

    IDENTITY_CONFLICT(DeadLetterHeaders.REASON_IDENTITY_CONFLICT, "Identity conflict", "identity-conflict",
            "employee %s not linked to a Docebo user",
            "not linked to a Docebo user that may be someone else's",
            "To sync this employee, %s would have had to take over a Docebo user that is not unambiguously theirs: "
                    + "one already linked to another HiBob employee, two or more Docebo users matching, or the "
                    + "account the sync itself signs in with (DOCEBO_USERNAME). It linked nothing and wrote nothing. "
                    + "The details name the Docebo user(s) and the employee that already has one.",
            List.of("Compare the employee with the Docebo user(s) and any other employee the details name: in Bob "
                            + "(search by id) and in Docebo (Admin menu > Users).",
                    "Same person with a duplicate HiBob profile: delete or merge the duplicate in HiBob, and "
                            + "discard this dead letter.",
                    "A new hire got a leaver's email or username: rename the leaver's Docebo user (username and "
                            + "email), or change the new hire's email in HiBob; then replay.",
                    "Two or more Docebo users match: merge or remove the duplicate Docebo user; then replay.",
                    "The match is the sync's own API account: give DOCEBO_USERNAME a dedicated API user that is no "
                            + "employee's, restart docebo-writer-service; then replay.")),

    DELETION_UNCONFIRMED(DeadLetterHeaders.REASON_DELETION_UNCONFIRMED, "Deletion not confirmed",
            "deletion-not-confirmed",
            "employee %s is still in HiBob, nothing deleted",
            "HiBob still shows the employee, so nothing was deleted",
            "HiBob sent employee.deleted for this employee but still returned them after the grace period, so %s "
                    + "did not pass the deletion on: the employee's Docebo user was neither deactivated nor deleted.",
            List.of("Look the employee up in Bob by id.",
                    "Still there and meant to stay (the deletion was undone, or sent by mistake): discard this dead "
                            + "letter.",
                    "Meant to be gone: delete them in Bob; once Bob no longer shows them, replay (enrich-service "
                            + "reads HiBob again and passes the deletion on).")),

    PROTECTED_ACCOUNT(DeadLetterHeaders.REASON_PROTECTED_ACCOUNT, "Protected account", "protected-account",
            "employee %s is the sync's own Docebo account, left untouched",
            "would have deactivated or deleted the sync's own Docebo account",
            "This change would have deactivated or deleted the Docebo user the sync signs in with (DOCEBO_USERNAME), "
                    + "locking the sync out of Docebo. %s did nothing to it.",
            List.of("Create a dedicated API user in Docebo that is no HiBob employee's (a Superadmin, or a Power "
                            + "User with user management and the branches the sync assigns); set DOCEBO_USERNAME and "
                            + "DOCEBO_PASSWORD to it and restart docebo-writer-service.",
                    "Then the old account can go as the change says: deactivate or delete it in Docebo by hand, or "
                            + "replay this dead letter.",
                    "The change in HiBob was a mistake: fix it in Bob and discard this dead letter."));

    /** The one line every refusal mail carries. */
    static final String NOTHING_CHANGED = "Nothing was changed in Docebo.";

    private final String header;
    private final String title;
    private final String anchor;
    private final String subject;
    private final String summary;
    private final String whatHappened;
    private final List<String> steps;

    Refusal(String header, String title, String anchor, String subject, String summary, String whatHappened,
            List<String> steps) {
        this.header = header;
        this.title = title;
        this.anchor = anchor;
        this.subject = subject;
        this.summary = summary;
        this.whatHappened = whatHappened;
        this.steps = steps;
    }

    /** The refusal a {@link DeadLetterHeaders#REASON} value names; empty for none or one the notifier does not know. */
    public static Optional<Refusal> of(String reason) {
        if (reason == null) {
            return Optional.empty();
        }
        String value = reason.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(refusal -> refusal.header.equals(value)).findFirst();
    }

    /** The header value, e.g. {@code identity_conflict}. */
    public String header() {
        return header;
    }

    /** The runbook section's title, e.g. {@code Identity conflict}. */
    public String title() {
        return title;
    }

    /** The subject after the prefix: "Identity conflict: employee 42 not linked to a Docebo user". */
    String subject(String employeeId) {
        return title + ": " + subject.formatted(employeeId);
    }

    /** One line for a digest: "Identity conflict: not linked to a Docebo user that may be someone else's". */
    String summary() {
        return title + ": " + summary;
    }

    /** What happened, in plain words, {@code stage} being the service that refused. */
    String whatHappened(String stage) {
        String told = whatHappened.formatted(stage);
        return Character.toUpperCase(told.charAt(0)) + told.substring(1);
    }

    /** What to do, in order. */
    List<String> steps() {
        return steps;
    }

    /** Where the runbook tells more: its section and anchor. */
    String runbook() {
        return "docs/runbook.md in the hibob-docebo-sync repository, section \"" + title + "\" (docs/runbook.md#"
                + anchor + ")";
    }
}
