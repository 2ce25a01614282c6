package io.hibobsync.notifier.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hibobsync.contracts.ConfigurationAlert;
import io.hibobsync.contracts.ConfigurationAlert.Kind;
import io.hibobsync.contracts.DeadLetterHeaders;
import io.hibobsync.contracts.PlanEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The wording of refusal, throttle and held mails, without Kafka or SMTP (NotifierMailTest covers those end to end). */
class MailComposerTest {

    private static final Instant AT = Instant.parse("2025-01-08T13:06:27Z");
    private static final KafkaPosition EMPLOYEES_DLT = new KafkaPosition("hibob-employees-dlt", 3, 12);
    private static final KafkaPosition WEBHOOKS_DLT = new KafkaPosition("hibob-webhooks-dlt", 1, 5);

    private final MailComposer composer = new MailComposer(new ReplayCommand("sync-replay", "kafka-1:9092"), 20);

    @Test
    void a_deletion_hibob_does_not_confirm_says_the_employee_is_still_there_and_nothing_was_deleted() {
        MailContent mail = composer.failures(List.of(new Failure("enrich-service", "42", "bob@acme.com",
                "employee.deleted", "HiBob still returns employee 42 after employee.deleted", "SomeException", AT,
                null, WEBHOOKS_DLT, null, DeadLetterHeaders.REASON_DELETION_UNCONFIRMED)));

        assertThat(mail.subject()).isEqualTo(
                "[hibob-docebo-sync] Deletion not confirmed: employee 42 is still in HiBob, nothing deleted");
        assertThat(mail.body()).contains(
                "enrich-service refused a change on purpose: deletion not confirmed. Nothing was changed in Docebo.",
                "HiBob sent employee.deleted for this employee but still returned them after the grace period",
                "Details:     HiBob still returns employee 42 after employee.deleted\n",
                "discard this dead letter",
                "sync-replay dlt --topic hibob-webhooks-dlt --employee 42 --from ",
                "(docs/runbook.md#deletion-not-confirmed)");
    }

    @Test
    void a_protected_account_says_the_syncs_own_docebo_account_was_left_alone_and_how_to_replace_it() {
        MailContent mail = composer.failures(List.of(new Failure("docebo-writer-service", "43", "api@acme.com",
                "employee.left", "Employee 43 maps to Docebo user 1 (api@acme.com), the account the sync signs in "
                + "with (DOCEBO_USERNAME)", null, AT, null, EMPLOYEES_DLT, null, "PROTECTED_ACCOUNT ")));

        assertThat(mail.subject()).isEqualTo("[hibob-docebo-sync] Protected account: employee 43 is the sync's own "
                + "Docebo account, left untouched");
        assertThat(mail.body()).contains(
                "Nothing was changed in Docebo.",
                "would have deactivated or deleted the Docebo user the sync signs in with (DOCEBO_USERNAME)",
                "Details:     Employee 43 maps to Docebo user 1 (api@acme.com)",
                "set DOCEBO_USERNAME and DOCEBO_PASSWORD to it and restart docebo-writer-service",
                "(docs/runbook.md#protected-account)");
    }

    @Test
    void a_reason_this_notifier_does_not_know_keeps_the_ordinary_mail_and_names_the_reason() {
        Failure failure = new Failure("docebo-writer-service", "44", null, "employee.updated", "Quota exceeded",
                "DoceboRejectedException", AT, null, EMPLOYEES_DLT, null, "quota_exceeded");

        MailContent mail = composer.failures(List.of(failure));

        assertThat(mail.subject()).isEqualTo(
                "[hibob-docebo-sync] docebo-writer-service failed for employee 44 (employee.updated)");
        assertThat(mail.body()).contains("Error:       Quota exceeded\n"
                + "Reason:      quota_exceeded\nLikely:      Docebo refused the change");
    }

    @Test
    void the_error_line_says_what_went_wrong_and_the_technical_detail_keeps_the_rest() {
        Failure failure = new Failure("enrich-service", "42", null, "employee.updated",
                "HiBob did not answer a search for employee 42: HttpTimeoutException: request timed out "
                        + "hibob-webhooks-4@0", "HibobUnavailableException", AT, null, WEBHOOKS_DLT,
                new KafkaPosition("hibob-webhooks", 4, 0));

        MailContent mail = composer.failures(List.of(failure));

        assertThat(mail.body()).contains(
                "Error:       HiBob did not answer a search for employee 42: request timed out\n",
                "Likely:      HiBob failed or could not be reached",
                "Kafka:       hibob-webhooks-dlt partition 1 offset 5 (failed on hibob-webhooks partition 4 offset 0)\n"
                        + "Technical detail: HibobUnavailableException; recorded as \"HiBob did not answer a search for "
                        + "employee 42: HttpTimeoutException: request timed out hibob-webhooks-4@0\"\n");
    }

    @Test
    void a_plain_error_gets_no_recorded_copy_and_no_class_no_technical_line() {
        MailContent mail = composer.failures(List.of(new Failure("docebo-writer-service", "47", null,
                "employee.updated", "Docebo refused to update user 9: Invalid field", null, AT, null, EMPLOYEES_DLT,
                null)));

        assertThat(mail.body()).contains("Error:       Docebo refused to update user 9: Invalid field\n")
                .doesNotContain("Technical detail");
    }

    @Test
    void a_digest_of_refusals_only_offers_no_replay_of_them_all() {
        MailContent mail = composer.failures(List.of(
                new Failure("docebo-writer-service", "45", null, "employee.left", "own account", null, AT, null,
                        EMPLOYEES_DLT, null, DeadLetterHeaders.REASON_PROTECTED_ACCOUNT),
                new Failure("docebo-writer-service", "46", null, "employee.created", "user 9 is employee 47's", null,
                        AT.plusSeconds(1), null, EMPLOYEES_DLT, null, DeadLetterHeaders.REASON_IDENTITY_CONFLICT)));

        assertThat(mail.subject()).isEqualTo(
                "[hibob-docebo-sync] 2 records failed to sync (identity conflict: 1, protected account: 1)");
        assertThat(mail.body())
                .contains("── Identity conflict (1) ──", "── Protected account (1) ──",
                        "1. Identity conflict: employee 46 not linked to a Docebo user",
                        "2. Protected account: employee 45 is the sync's own Docebo account, left untouched",
                        "(once resolved)", "changed nothing in Docebo")
                .doesNotContain("replay them all", "Other failures");
        assertThat(mail.body().indexOf("── Identity conflict")).isLessThan(mail.body().indexOf("── Protected account"));
    }

    @Test
    void a_throttle_whose_duration_is_unknown_still_says_changes_wait() {
        ConfigurationAlert alert = new ConfigurationAlert("enrich-service", "HiBob", 503, "HiBob answers 503", AT,
                false, Kind.THROTTLED);

        assertThat(composer.throttled(alert, null, new KafkaPosition("sync-alerts", 0, 1)).subject())
                .isEqualTo("[hibob-docebo-sync] HiBob is throttling enrich-service: changes wait, none lost");
        assertThat(composer.throttled(alert, AT.plusSeconds(2 * 3600 + 300), new KafkaPosition("sync-alerts", 0, 1))
                .subject()).isEqualTo(
                        "[hibob-docebo-sync] HiBob has been throttling enrich-service for 2 h 5 min: changes wait, "
                                + "none lost");
        assertThat(composer.throttled(alert, AT.plusSeconds(1800), new KafkaPosition("sync-alerts", 0, 1)).body())
                .contains("(HTTP 503, service unavailable) since 2025-01-08T13:06:27Z");
    }

    @Test
    void a_held_episode_says_what_is_held_why_it_may_be_a_fault_and_the_exact_commands_built_from_the_replay_command() {
        ConfigurationAlert alert = new ConfigurationAlert("docebo-writer-service", "Docebo", 37, "The safety brake "
                + "holds 37 deactivation(s) or deletion(s) in Docebo: 37 deactivations or deletions within an hour, "
                + "more than 10. Held: ada@acme.com (employee 42, DEACTIVATED), ...", AT, false, Kind.HELD);

        MailContent mail = composer.held(alert, new KafkaPosition("sync-alerts", 2, 7));

        assertThat(mail.subject())
                .isEqualTo("[hibob-docebo-sync] Safety brake: 37 deactivations held in Docebo — approve or reject");
        assertThat(mail.body()).contains(
                "The safety brake of docebo-writer-service is holding 37 deactivations or deletions of Docebo users "
                        + "(since 2025-01-08T13:06:27Z)",
                "None of them has been written to Docebo",
                "Held: ada@acme.com (employee 42, DEACTIVATED)",
                "A HiBob permission change that hides a department",
                "     sync-replay held --bootstrap-servers kafka-1:9092\n",
                "     sync-replay held --approve --bootstrap-servers kafka-1:9092\n",
                "     sync-replay held --reject --bootstrap-servers kafka-1:9092\n",
                "nothing changes in Docebo",
                "More may be held after this mail",
                "'held' always shows the current list",
                "one more mail when nothing is held any more",
                "(docs/runbook.md#deactivations-held-by-the-safety-brake)",
                "Kafka: sync-alerts partition 2 offset 7.");
        assertThat(composer.held(new ConfigurationAlert("docebo-writer-service", "Docebo", 1, "one", AT, false,
                Kind.HELD), new KafkaPosition("sync-alerts", 0, 0)).subject())
                .isEqualTo("[hibob-docebo-sync] Safety brake: 1 deactivation held in Docebo — approve or reject");
    }

    @Test
    void the_end_of_a_held_episode_says_how_long_it_lasted() {
        ConfigurationAlert alert = new ConfigurationAlert("docebo-writer-service", "Docebo", 0, "Nothing is held by "
                + "the safety brake any more (the last held action: approved by alice).", AT, true, Kind.HELD);

        MailContent mail = composer.heldResolved(alert, AT.minusSeconds(3900), new KafkaPosition("sync-alerts", 2, 9));

        assertThat(mail.subject())
                .isEqualTo("[hibob-docebo-sync] Resolved: the safety brake of docebo-writer-service holds nothing any more");
        assertThat(mail.body()).contains("Nothing is held by the safety brake of docebo-writer-service any more since "
                + "2025-01-08T13:06:27Z. The episode lasted 1h5m (since 2025-01-08T12:01:27Z).", "approved by alice",
                "docebo-sync-outcomes");
    }

    @Test
    void every_runbook_section_a_mail_points_to_is_a_heading_of_the_runbook() throws IOException {
        Path runbook = Path.of("..", "docs", "runbook.md");
        assumeTrue(Files.exists(runbook), "the runbook is not next to this module");
        List<String> anchors = Files.readAllLines(runbook).stream().filter(line -> line.startsWith("#"))
                .map(line -> githubAnchor(line.replaceFirst("^#+\\s*", ""))).toList();

        String pointers = List.of(Refusal.values()).stream().map(Refusal::runbook).collect(Collectors.joining("\n"))
                + "\n" + composer.throttled(new ConfigurationAlert("s", "Docebo", 429, "m", AT, false, Kind.THROTTLED),
                        AT, new KafkaPosition("sync-alerts", 0, 0)).body()
                + "\n" + composer.held(new ConfigurationAlert("s", "Docebo", 11, "m", AT, false, Kind.HELD),
                        new KafkaPosition("sync-alerts", 0, 0)).body();
        Matcher pointer = Pattern.compile("docs/runbook\\.md#([a-z0-9-]+)").matcher(pointers);
        int found = 0;
        while (pointer.find()) {
            found++;
            assertThat(anchors).as("docs/runbook.md has a heading for #" + pointer.group(1))
                    .contains(pointer.group(1));
        }
        assertThat(found).isEqualTo(Refusal.values().length + 2);
    }

    @Test
    void a_reconciliation_that_only_found_users_needing_someone_says_so_in_the_subject() {
        Reconciliation run = new Reconciliation("reconcile-2025-01-09", 1, 40, Map.of("UNCHANGED", 39, "FAILED", 1),
                List.of(new PlanEntry("reconcile-2025-01-09", false, "42", "FAILED", null, null, List.of(),
                        "Docebo refused to update user 7: Invalid field\nsecond line")),
                AT, new KafkaPosition("sync-plans", 4, 99));

        MailContent mail = composer.reconciliation(run);

        assertThat(mail.subject()).isEqualTo("[hibob-docebo-sync] Nightly reconciliation found 1 user out of step it "
                + "could not correct: 1 failed");
        assertThat(mail.body()).contains(
                "found 1 user out of step: it corrected none, and 1 needs you (below).",
                "(all 1 partition reported)",
                "- Failed (1): the writer could not apply them. Each is on hibob-employees-dlt",
                "Each of them:\n\n1. Failed: employee 42\n     Docebo refused to update user 7: Invalid field second "
                        + "line\n",
                "Kafka: sync-plans partition 4 offset 99 (the run's last report).")
                .doesNotContain("Corrected in Docebo", "Identity conflicts", "Held (");
    }

    @Test
    void a_reconciliation_counts_an_action_it_does_not_know_as_a_correction() {
        Reconciliation run = new Reconciliation("reconcile-x", 2, 10, Map.of("UNCHANGED", 9, "RELINK", 1, "UPDATE",
                0), List.of(), AT, new KafkaPosition("sync-plans", 0, 1));

        MailContent mail = composer.reconciliation(run);

        assertThat(run.drifted()).isEqualTo(1);
        assertThat(mail.subject()).isEqualTo("[hibob-docebo-sync] Nightly reconciliation corrected 1 user: 1 relink");
        assertThat(mail.body()).contains("  1 × relink (RELINK)", "The first 0 of them",
                "… and 1 more, not listed (NOTIFIER_RECONCILIATION_MAX_EXAMPLES). Every one is on sync-plans "
                        + "partition 0, key reconcile-x");
    }

    @Test
    void every_runbook_section_a_reconciliation_mail_points_to_is_a_heading_of_the_runbook() throws IOException {
        Path runbook = Path.of("..", "docs", "runbook.md");
        assumeTrue(Files.exists(runbook), "the runbook is not next to this module");
        List<String> anchors = Files.readAllLines(runbook).stream().filter(line -> line.startsWith("#"))
                .map(line -> githubAnchor(line.replaceFirst("^#+\\s*", ""))).toList();
        Reconciliation run = new Reconciliation("reconcile-x", 1, 4, Map.of("UPDATE", 1, "CONFLICT", 1, "HELD", 1,
                "FAILED", 1), List.of(), AT, new KafkaPosition("sync-plans", 0, 1));

        Matcher pointer = Pattern.compile("docs/runbook\\.md#([a-z0-9-]+)")
                .matcher(composer.reconciliation(run).body());
        List<String> found = new java.util.ArrayList<>();
        while (pointer.find()) {
            found.add(pointer.group(1));
        }
        assertThat(found).containsExactly("identity-conflict", "deactivations-held-by-the-safety-brake",
                "reconciliation-corrected-something");
        assertThat(anchors).containsAll(found);
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
    private static String githubAnchor(String heading) {
        String plain = Normalizer.normalize(heading.strip(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT)
                .replace("`", "");
        return plain.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }
}
