package io.hibobsync.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hibobsync.contracts.Topics;
import io.hibobsync.notifier.Smtp.Mail;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The nightly reconciliation, against a real broker and a real SMTP server: docebo-writer-service's reports on
 * {@code sync-plans} become one mail per reconciliation that corrected something, once every partition has reported,
 * and none for a run in step, a run from the command line, a plan, or a run whose last partition never reports.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@DirtiesContext
class NotifierReconciliationTest {

    static final int PARTITIONS = 6;
    private static final Smtp smtp = new Smtp();
    private static final String group = NotifierKafka.newGroupAtTheEnd();
    private static final Duration MAIL_TIMEOUT = Duration.ofSeconds(30);

    private final NotifierKafka kafka = new NotifierKafka();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        NotifierKafka.pointAt(registry, smtp, group);
        registry.add("notifier.mail-to", () -> "admin@example.com");
        registry.add("notifier.reconciliation-max-examples", () -> "10");
    }

    @AfterEach
    void closeKafka() {
        kafka.close();
    }

    @AfterAll
    static void stopSmtp() {
        smtp.close();
    }

    @Test
    void a_reconciliation_that_corrected_users_is_mailed_once_with_the_counts_the_examples_and_what_to_do() {
        String runId = "reconcile-" + UUID.randomUUID();
        List<String> ids = NotifierKafka.newEmployeeIds(20);
        Drift drift = new Drift(kafka, runId, ids);
        drift.corrections();

        Mail mail = await().atMost(MAIL_TIMEOUT).until(() -> smtp.mailsMentioning(runId), m -> !m.isEmpty()).get(0);
        awaitAllRead();

        assertThat(smtp.mailsMentioning(runId)).as("one mail per run").hasSize(1);
        assertThat(mail.subject()).isEqualTo("[hibob-docebo-sync] Nightly reconciliation corrected 12 users: "
                + "3 created, 7 updated, 2 deactivated; 2 need you: 1 identity conflict, 1 held");
        String replay = "java -jar sync-replay/target/sync-replay.jar held --bootstrap-servers "
                + NotifierKafka.bootstrapServers();
        assertThat(mail.body()).contains(
                "The nightly reconciliation compared the 1000 employees HiBob returned with Docebo and found 14 users "
                        + "out of step: it corrected 12 in Docebo, and 2 need you (below). Everything else matched "
                        + "HiBob.",
                "Run:      " + runId + ", finished ",
                "(all 6 partitions reported)",
                "Corrected in Docebo (12):\n"
                        + "  3 × created in Docebo: new in HiBob, no Docebo user yet (CREATE)\n"
                        + "  7 × updated: Docebo differed from HiBob (UPDATE)\n"
                        + "  2 × deactivated: left, out of the sync's scope, or no longer returned by HiBob "
                        + "(DEACTIVATE)\n",
                "Needs you (2):\n"
                        + "  1 × identity conflict: nothing linked, nothing changed in Docebo (CONFLICT)\n"
                        + "  1 × held by the safety brake: not written, waits until you approve or reject (HELD)\n",
                "Matched HiBob, nothing to do (986):\n  985 × unchanged\n  1 × out of the sync's scope",
                "section \"Identity conflict\" (docs/runbook.md#identity-conflict)",
                "     " + replay + "\n",
                "(docs/runbook.md#deactivations-held-by-the-safety-brake)",
                "(docs/runbook.md#reconciliation-corrected-something)",
                "The first 10 of them (those that need you first):",
                "1. Identity conflict: employee " + ids.get(12) + " → Docebo user 9012 (ada@acme.com)\n"
                        + "     Identity conflict for employee " + ids.get(12) + " (ada@acme.com): Docebo user 9012 "
                        + "matches by email but is already linked to employee 3332883854254930001.",
                "2. Held: employee " + ids.get(13) + " → Docebo user 9013",
                "3. Created: employee " + ids.get(0),
                "6. Updated: employee " + ids.get(3) + " → Docebo user 9003 (user3@acme.com)\n"
                        + "     first_name: \"Ana\" → \"Anna\"\n"
                        + "     branch: ENG → RES\n"
                        + "     why: updated first_name, branch ENG → RES\n",
                "… and 4 more, not listed (NOTIFIER_RECONCILIATION_MAX_EXAMPLES)",
                "Kafka: sync-plans partition ");
        assertThat(mail.body()).as("the users in step are counted, not listed; secrets blanked")
                .doesNotContain(ids.get(14), ids.get(16), "11. ", "s3cr3t");
    }

    @Test
    void a_reconciliation_in_step_sends_nothing() {
        String runId = "reconcile-" + UUID.randomUUID();
        List<String> ids = NotifierKafka.newEmployeeIds(6);
        for (int partition = 0; partition < PARTITIONS; partition++) {
            kafka.planEntry(runId, false, ids.get(partition), "UNCHANGED", "77" + partition, null, List.of(), null);
            kafka.runProgress(runId, false, partition, PARTITIONS, Map.of("UNCHANGED", 1, "OUT_OF_SCOPE", 2), 18);
        }

        awaitAllRead();
        assertThat(smtp.mailsMentioning(runId)).isEmpty();
    }

    @Test
    void a_full_sync_from_the_command_line_and_plans_are_not_mailed_whatever_they_changed() {
        String manual = UUID.randomUUID().toString();
        new Drift(kafka, manual, NotifierKafka.newEmployeeIds(20)).corrections();
        String plan = "reconcile-" + UUID.randomUUID();
        new Drift(kafka, plan, NotifierKafka.newEmployeeIds(20)).asPlan().corrections();
        String manualPlan = UUID.randomUUID().toString();
        new Drift(kafka, manualPlan, NotifierKafka.newEmployeeIds(20)).asPlan().corrections();

        awaitAllRead();
        assertThat(smtp.mails(mail -> mail.mentions(manual) || mail.mentions(plan) || mail.mentions(manualPlan)))
                .isEmpty();
    }

    @Test
    void a_reconciliation_whose_last_partition_never_reports_is_not_mailed() {
        String runId = "reconcile-" + UUID.randomUUID();
        Drift drift = new Drift(kafka, runId, NotifierKafka.newEmployeeIds(20));
        drift.entries();
        // Partition 0 reports twice (the writer redelivering): still not all of them.
        drift.report(0);
        for (int partition = 0; partition < PARTITIONS - 1; partition++) {
            drift.report(partition);
        }

        awaitAllRead();
        assertThat(smtp.mailsMentioning(runId)).isEmpty();
    }

    @Test
    void a_reconciliation_reported_again_is_not_mailed_again() {
        String runId = "reconcile-" + UUID.randomUUID();
        Drift drift = new Drift(kafka, runId, NotifierKafka.newEmployeeIds(20));
        drift.corrections();
        await().atMost(MAIL_TIMEOUT).until(() -> smtp.mailsMentioning(runId), m -> !m.isEmpty());
        awaitAllRead();

        // The writer redelivers the run's last batches, or enrich-service runs it again under the same id.
        drift.corrections();
        drift.report(PARTITIONS - 1);

        awaitAllRead();
        assertThat(smtp.mailsMentioning(runId)).hasSize(1);
    }

    /** Every record on {@code sync-plans} was read and committed: mailed first when it needed a mail. */
    private static void awaitAllRead() {
        await().atMost(MAIL_TIMEOUT).until(() -> NotifierKafka.committed(group + "-runs", Topics.SYNC_PLANS)
                == NotifierKafka.end(Topics.SYNC_PLANS));
    }

    /**
     * A full sync of 1000 employees as docebo-writer-service reports it, of which 14 drifted: 3 created, 7 updated,
     * 2 deactivated, 1 identity conflict and 1 held, each reported as an entry; 985 unchanged (6 of them as entries
     * too) and 1 out of scope; each partition's report counts its share.
     */
    static final class Drift {

        private final NotifierKafka kafka;
        private final String runId;
        private final List<String> ids;
        private boolean plan;

        Drift(NotifierKafka kafka, String runId, List<String> ids) {
            this.kafka = kafka;
            this.runId = runId;
            this.ids = ids;
        }

        Drift asPlan() {
            plan = true;
            return this;
        }

        void corrections() {
            entries();
            for (int partition = 0; partition < PARTITIONS; partition++) {
                report(partition);
            }
        }

        void entries() {
            List<String> actions = new ArrayList<>();
            actions.addAll(List.of("CREATE", "CREATE", "CREATE"));
            actions.addAll(List.of("UPDATE", "UPDATE", "UPDATE", "UPDATE", "UPDATE", "UPDATE", "UPDATE"));
            actions.addAll(List.of("DEACTIVATE", "DEACTIVATE", "CONFLICT", "HELD"));
            actions.addAll(List.of("UNCHANGED", "UNCHANGED", "UNCHANGED", "UNCHANGED", "OUT_OF_SCOPE", "UNCHANGED"));
            for (int i = 0; i < actions.size(); i++) {
                String action = actions.get(i);
                String employee = ids.get(i);
                String user = "90" + String.format("%02d", i);
                switch (action) {
                    case "CREATE" -> entry(employee, action, user, "user" + i + "@acme.com",
                            List.of("email: → \"user" + i + "@acme.com\""), "created");
                    case "UPDATE" -> entry(employee, action, user, "user" + i + "@acme.com",
                            List.of("first_name: \"Ana\" → \"Anna\"", "branch: ENG → RES"),
                            "updated first_name, branch ENG → RES");
                    case "DEACTIVATE" -> entry(employee, action, user, null, List.of("active: true → false"),
                            "deactivated: HiBob no longer returns this employee (full sync " + runId + ")");
                    case "CONFLICT" -> entry(employee, action, user, "ada@acme.com", List.of(),
                            "Identity conflict for employee " + employee + " (ada@acme.com): Docebo user " + user
                                    + " matches by email but is already linked to employee 3332883854254930001.");
                    case "HELD" -> entry(employee, action, user, null, List.of("active: true → false"),
                            "held by the safety brake (token=s3cr3t)");
                    default -> entry(employee, action, user, null, List.of(), null);
                }
            }
        }

        /** Partition {@code partition}'s share of the counts: the drift on 0 and 1, the rest spread evenly. */
        void report(int partition) {
            Map<String, Integer> counts = new HashMap<>();
            if (partition == 0) {
                counts.putAll(Map.of("CREATE", 3, "UPDATE", 4, "CONFLICT", 1));
            } else if (partition == 1) {
                counts.putAll(Map.of("UPDATE", 3, "DEACTIVATE", 2, "HELD", 1, "OUT_OF_SCOPE", 1));
            }
            counts.put("UNCHANGED", partition == 0 ? 160 : 165);
            kafka.runProgress(runId, plan, partition, PARTITIONS, counts, 1000);
        }

        private void entry(String employee, String action, String user, String username, List<String> changes,
                String detail) {
            kafka.planEntry(runId, plan, employee, action, user, username, changes, detail);
        }
    }
}
