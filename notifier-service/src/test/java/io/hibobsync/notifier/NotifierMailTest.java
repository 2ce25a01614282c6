package io.hibobsync.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hibobsync.contracts.ConfigurationAlert.Kind;
import io.hibobsync.contracts.DeadLetterHeaders;
import io.hibobsync.contracts.Topics;
import io.hibobsync.kafka.test.TopicReader;
import io.hibobsync.notifier.Smtp.Mail;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * notifier-service against a real broker and a real SMTP server: dead letters written as the services write them
 * become mails that say what failed and how to replay it, refusals (dead letters with a reason) say what was
 * refused and what to do, bursts become one digest, and an incident (credentials refused, API throttling,
 * deactivations held by the safety brake) is mailed once when it starts and once when it ends, each kind apart.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@DirtiesContext
class NotifierMailTest {

    private static final Smtp smtp = new Smtp();
    private static final String group = NotifierKafka.newGroupAtTheEnd();
    private static final String DLT_EMPLOYEES = Topics.deadLetterTopicOf(Topics.HIBOB_EMPLOYEES);
    private static final String DLT_WEBHOOKS = Topics.deadLetterTopicOf(Topics.HIBOB_WEBHOOKS);
    private static final Duration MAIL_TIMEOUT = Duration.ofSeconds(30);

    private final NotifierKafka kafka = new NotifierKafka();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        NotifierKafka.pointAt(registry, smtp, group);
        registry.add("notifier.mail-to", () -> "admin@example.com, ops@example.com");
        registry.add("notifier.digest-window", () -> "3s");
        registry.add("notifier.digest-max-items", () -> "20");
    }

    @AfterAll
    static void stopSmtp() {
        smtp.close();
    }

    @Test
    void mails_a_docebo_failure_with_stage_employee_event_error_time_position_and_replay_command_and_nothing_more() {
        String employee = NotifierKafka.newEmployeeIds(1).get(0);
        kafka.writerFailure(employee, "grace.hopper@example.com", "employee.updated", new DoceboRejectedException(
                "Docebo refused to update user 12345: Invalid branch. Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.s3cr3t"));

        List<Mail> mails = await().atMost(MAIL_TIMEOUT).until(() -> smtp.mailsMentioning(employee), m -> !m.isEmpty());
        ConsumerRecord<String, byte[]> deadLetter = deadLetterOf(DLT_EMPLOYEES, employee);
        Instant failedAt = Instant.ofEpochMilli(deadLetter.timestamp());

        assertThat(mails).singleElement().satisfies(mail -> {
            assertThat(mail.subject())
                    .isEqualTo("[hibob-docebo-sync] docebo-writer-service failed for employee " + employee
                            + " (employee.updated)");
            assertThat(mail.to()).containsExactly("admin@example.com", "ops@example.com");
            assertThat(mail.from()).isEqualTo("hibob-docebo-sync@localhost");
            assertThat(mail.body()).contains(
                    "What failed:  docebo-writer-service could not apply the change in Docebo",
                    "Employee:    " + employee + ", grace.hopper@example.com",
                    "HiBob event: employee.updated",
                    "Error:       Docebo refused to update user 12345: Invalid branch. Authorization: Bearer "
                            + "[redacted]\n",
                    "Technical detail: DoceboRejectedException\n",
                    "Likely:      Docebo refused the change",
                    "When:        " + failedAt.truncatedTo(ChronoUnit.SECONDS) + " (given up)",
                    "Kafka:       " + DLT_EMPLOYEES + " partition " + deadLetter.partition() + " offset "
                            + deadLetter.offset() + " (failed on hibob-employees partition " + deadLetter.partition()
                            + " offset " + (4_000 + deadLetter.partition()) + ")",
                    "java -jar sync-replay/target/sync-replay.jar dlt --topic " + DLT_EMPLOYEES + " --employee "
                            + employee + " --from " + failedAt.minusSeconds(60).truncatedTo(ChronoUnit.SECONDS)
                            + " --to " + failedAt.plusSeconds(61).truncatedTo(ChronoUnit.SECONDS)
                            + " --bootstrap-servers " + NotifierKafka.bootstrapServers(),
                    "docs/runbook.md");
            assertThat(mail.body()).as("no personal data besides id and email, no secret, no stack trace")
                    .doesNotContain("Grace", "Hopper", "Engineering", "London", "Rear Admiral",
                            "boss.person@example.com", "3332883000000000099", "s3cr3t", "eyJhbGciOiJIUzI1NiJ9",
                            "Listener method", "\tat ", "Exception:");
        });
    }

    @Test
    void mails_an_enrich_failure_with_the_webhook_event_type_and_the_email_a_deletion_carries() {
        String employee = NotifierKafka.newEmployeeIds(1).get(0);
        String webhook = """
                {"companyId":640528,"type":"employee.deleted","triggeredBy":"3332883000000000042",\
                "triggeredAt":"2025-01-08T13:06:20.123Z","version":"v2","data":{"employeeId":"%s",\
                "email":"ada.lovelace@example.com","displayName":"Ada Lovelace","firstName":"Ada"}}"""
                .formatted(employee);
        kafka.enrichFailure(employee, webhook, "employee.deleted", new HibobRejectedException(
                "HiBob refused a search for employee " + employee + " with 400 (HiBob said: bad filter)"));

        Mail mail = await().atMost(MAIL_TIMEOUT).until(() -> smtp.mailsMentioning(employee), m -> !m.isEmpty()).get(0);

        assertThat(mail.subject()).isEqualTo("[hibob-docebo-sync] enrich-service failed for employee " + employee
                + " (employee.deleted)");
        assertThat(mail.body()).contains(
                "What failed:  enrich-service could not read the employee from HiBob",
                "Employee:    " + employee + ", ada.lovelace@example.com",
                "HiBob event: employee.deleted",
                "Error:       HiBob refused a search for employee " + employee + " with 400 (HiBob said: bad filter)"
                        + "\n",
                "Technical detail: HibobRejectedException\n",
                "(failed on hibob-webhooks partition",
                "dlt --topic " + DLT_WEBHOOKS + " --employee " + employee + " --from ");
        assertThat(mail.body()).doesNotContain("Ada Lovelace", "\"firstName\"", "640528");
    }

    @Test
    void a_failure_of_a_batch_listener_says_what_went_wrong_without_kafka_positions_or_class_names() {
        String employee = NotifierKafka.newEmployeeIds(1).get(0);
        String webhook = """
                {"type":"employee.updated","version":"v2","data":{"employeeId":"%s"}}""".formatted(employee);
        String problem = "HiBob does not return employee " + employee + " 61 s after the webhook";
        // As enrich-service and the writer fail a poll: spring-kafka's listener wrapper around a
        // BatchListenerFailedException, whose message ends with the record's topic-partition@offset.
        var failedRecord = new ConsumerRecord<>(Topics.HIBOB_WEBHOOKS, 4, 0L, employee, new byte[0]);
        kafka.enrichFailure(employee, webhook, "employee.updated", new ListenerExecutionFailedException(
                "Listener method 'void io.hibobsync.enrich.kafka.WebhookBatchListener.onWebhooks(java.util.List)' "
                        + "threw exception", new BatchListenerFailedException(problem,
                                new EmployeeNotFoundException(problem), failedRecord)));

        Mail mail = await().atMost(MAIL_TIMEOUT).until(() -> smtp.mailsMentioning(employee), m -> !m.isEmpty()).get(0);

        assertThat(mail.body()).contains(
                "Error:       " + problem + "\n",
                "Likely:      HiBob does not show this employee",
                "Technical detail: EmployeeNotFoundException; recorded as \"" + problem + " hibob-webhooks-4@0\"\n");
        assertThat(mail.body().lines().filter(line -> line.startsWith("Error:")).findFirst().orElseThrow())
                .doesNotContain("hibob-webhooks-4@0", "Exception", "Listener method");
    }

    @Test
    void fifty_failures_in_a_burst_go_out_as_one_digest_that_lists_twenty_and_counts_the_rest() {
        List<String> employees = NotifierKafka.newEmployeeIds(50);
        employees.forEach(employee -> kafka.writerFailure(employee, "someone@example.com", "employee.updated",
                new DoceboRejectedException("Docebo refused to create user someone@example.com: Invalid field")));

        // Offsets are committed only once the mail covering the records is out: all 50 are mailed by then.
        await().atMost(MAIL_TIMEOUT).until(() -> NotifierKafka.committed(group, DLT_EMPLOYEES)
                == NotifierKafka.end(DLT_EMPLOYEES));

        List<Mail> mails = smtp.mails(mail -> employees.stream().anyMatch(mail::mentions));
        assertThat(mails).as("one digest for the burst").singleElement().satisfies(digest -> {
            assertThat(digest.subject())
                    .isEqualTo("[hibob-docebo-sync] 50 records failed to sync (docebo-writer-service: 50)");
            assertThat(digest.body()).contains(
                    "50 × docebo-writer-service could not apply the change in Docebo",
                    "The first 20 are below; 30 more are not listed (NOTIFIER_DIGEST_MAX_ITEMS).",
                    "replay them all",
                    "java -jar sync-replay/target/sync-replay.jar dlt --topic " + DLT_EMPLOYEES + " --from ",
                    "20. docebo-writer-service could not apply the change in Docebo",
                    "… and 30 more");
            assertThat(employees.stream().filter(digest::mentions)).hasSize(20);
            assertThat(digest.body()).doesNotContain("21. ");
        });
    }

    @Test
    void a_credentials_incident_is_mailed_once_when_it_starts_and_once_when_it_ends_however_often_it_is_repeated() {
        String service = "enrich-service-" + UUID.randomUUID().toString().substring(0, 8);
        Instant since = Instant.parse("2025-01-08T13:00:00Z");
        String refusal = "HiBob answered 401 to a search for employee 3332883854254932743: it does not accept the "
                + "service user HIBOB_SERVICE_USER_ID with HIBOB_SERVICE_USER_TOKEN (HiBob said: token=abc123xyz)";
        kafka.alert(service, "HiBob", 401, refusal, since, false);
        kafka.alert(service, "HiBob", 401, refusal, since.plusSeconds(300), false);
        kafka.alert(service, "HiBob", 401, refusal, since.plusSeconds(600), false);
        kafka.alert(service, "HiBob", 401, "HiBob accepts the credentials again", since.plusSeconds(900), true);

        await().atMost(MAIL_TIMEOUT).until(() -> NotifierKafka.committed(group + "-alerts", Topics.SYNC_ALERTS)
                == NotifierKafka.end(Topics.SYNC_ALERTS));

        List<Mail> mails = smtp.mailsMentioning(service);
        assertThat(mails).extracting(Mail::subject).containsExactly(
                "[hibob-docebo-sync] HiBob refuses our credentials: " + service + " has paused",
                "[hibob-docebo-sync] Resolved: HiBob accepts the credentials of " + service + " again");
        assertThat(mails.get(0).body()).contains("HiBob refused the credentials of " + service
                        + " with HTTP 401 at 2025-01-08T13:00:00Z", "(HiBob said: token=[redacted])", "once per incident",
                "Credentials alerts").doesNotContain("abc123xyz");
        assertThat(mails.get(1).body()).contains("The incident lasted 15m (since 2025-01-08T13:00:00Z)");
    }

    @Test
    void an_identity_conflict_is_mailed_as_what_it_is_who_claims_the_docebo_user_that_nothing_changed_and_what_to_do() {
        List<String> ids = NotifierKafka.newEmployeeIds(2);
        String employee = ids.get(0);
        String owner = ids.get(1);
        String conflict = "Identity conflict for employee " + employee + " (ada@acme.com): Docebo user 12931 "
                + "(ada@acme.com) matches by email but is already linked to employee " + owner + ". Nothing was "
                + "written to Docebo.";
        kafka.writerRefusal(employee, "ada@acme.com", "employee.created", DeadLetterHeaders.REASON_IDENTITY_CONFLICT,
                new IdentityConflictException(conflict));

        List<Mail> mails = await().atMost(MAIL_TIMEOUT).until(() -> smtp.mailsMentioning(employee), m -> !m.isEmpty());
        ConsumerRecord<String, byte[]> deadLetter = deadLetterOf(DLT_EMPLOYEES, employee);
        Instant failedAt = Instant.ofEpochMilli(deadLetter.timestamp());

        assertThat(mails).singleElement().satisfies(mail -> {
            assertThat(mail.subject()).isEqualTo("[hibob-docebo-sync] Identity conflict: employee " + employee
                    + " not linked to a Docebo user");
            assertThat(mail.body()).contains(
                    "docebo-writer-service refused a change on purpose: identity conflict. Nothing was changed in "
                            + "Docebo.",
                    "What happened: To sync this employee, docebo-writer-service would have had to take over a "
                            + "Docebo user that is not unambiguously theirs: one already linked to another HiBob "
                            + "employee, two or more Docebo users matching, or the account the sync itself signs in "
                            + "with (DOCEBO_USERNAME).",
                    "Details:     " + conflict + "\n",
                    "Employee:    " + employee + ", ada@acme.com",
                    "HiBob event: employee.created",
                    "When:        " + failedAt.truncatedTo(ChronoUnit.SECONDS) + " (refused)",
                    "What to do:\n  1. Compare the employee with the Docebo user(s)",
                    "delete or merge the duplicate in HiBob, and discard this dead letter",
                    "rename the leaver's Docebo user (username and email), or change the new hire's email in HiBob",
                    "merge or remove the duplicate Docebo user",
                    "give DOCEBO_USERNAME a dedicated API user",
                    "Once resolved, replay it",
                    "dlt --topic " + DLT_EMPLOYEES + " --employee " + employee + " --from ",
                    "section \"Identity conflict\" (docs/runbook.md#identity-conflict)");
            assertThat(mail.body()).as("a refusal is no error: no exception class, no generic cause")
                    .doesNotContain("IdentityConflictException", "Likely:", "Error:", "Grace", "Hopper",
                            "Listener method");
        });
    }

    @Test
    void refusals_in_a_digest_are_counted_and_listed_by_reason_apart_from_the_other_failures() {
        List<String> employees = NotifierKafka.newEmployeeIds(3);
        String other = "3332883854254930001";
        for (String employee : employees.subList(0, 2)) {
            kafka.writerRefusal(employee, "someone@example.com", "employee.created",
                    DeadLetterHeaders.REASON_IDENTITY_CONFLICT, new IdentityConflictException("Identity conflict "
                            + "for employee " + employee + ": Docebo user 12931 matches by email but is already "
                            + "linked to employee " + other + ". Nothing was written to Docebo."));
        }
        kafka.writerFailure(employees.get(2), "someone@example.com", "employee.updated",
                new DoceboRejectedException("Docebo refused to update user 777: Invalid field"));

        await().atMost(MAIL_TIMEOUT).until(() -> NotifierKafka.committed(group, DLT_EMPLOYEES)
                == NotifierKafka.end(DLT_EMPLOYEES));

        List<Mail> mails = smtp.mails(mail -> employees.stream().anyMatch(mail::mentions));
        assertThat(mails).as("one digest for the burst").singleElement().satisfies(digest -> {
            assertThat(digest.subject()).isEqualTo(
                    "[hibob-docebo-sync] 3 records failed to sync (identity conflict: 2, docebo-writer-service: 1)");
            String body = digest.body();
            assertThat(body).contains(
                    "  2 × Identity conflict: not linked to a Docebo user that may be someone else's (nothing was "
                            + "changed in Docebo)",
                    "  1 × docebo-writer-service could not apply the change in Docebo",
                    "── Identity conflict (2) ──",
                    "(docs/runbook.md#identity-conflict)",
                    "1. Identity conflict: employee ",
                    "2. Identity conflict: employee ",
                    "already linked to employee " + other,
                    "── Other failures (1) ──",
                    "3. docebo-writer-service could not apply the change in Docebo",
                    "Error:       Docebo refused to update user 777: Invalid field\n",
                    "Technical detail: DoceboRejectedException\n");
            assertThat(body.indexOf("── Other failures")).isGreaterThan(body.indexOf("2. Identity conflict"));
            assertThat(body.indexOf(employees.get(2))).isGreaterThan(body.indexOf("── Other failures"));
        });
    }

    @Test
    void a_throttle_is_mailed_once_when_the_alert_comes_and_once_when_it_ends_however_often_it_is_repeated() {
        String service = "docebo-writer-service-" + UUID.randomUUID().toString().substring(0, 8);
        // The services alert once the throttle has lasted their alert time: 30 min by default.
        Instant since = Instant.now().minus(Duration.ofMinutes(30)).minusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
        String throttling = "Docebo has been throttling " + service + " (answering 429) since " + since
                + ", for more than 30 min. Last answer: Too Many Requests";
        kafka.alert(service, "Docebo", 429, throttling, since, false, Kind.THROTTLED);

        List<Mail> first = await().atMost(MAIL_TIMEOUT).until(() -> smtp.mailsMentioning(service), m -> !m.isEmpty());
        assertThat(first).singleElement().satisfies(mail -> {
            assertThat(mail.subject()).isEqualTo("[hibob-docebo-sync] Docebo has been throttling " + service
                    + " for 30 min: changes wait, none lost");
            assertThat(mail.body()).contains(
                    "Docebo has been telling " + service + " to slow down (HTTP 429, too many requests) since " + since,
                    throttling,
                    "Nothing is lost: " + service + " holds its records",
                    "none is dead-lettered for this",
                    "You get one more mail when Docebo answers normally again.",
                    "once per incident",
                    "section \"Throttled (429/503)\" (docs/runbook.md#throttled-429503)")
                    .doesNotContain("credentials");
        });

        // The service restarted while still throttled, and alerts again: the same incident.
        kafka.alert(service, "Docebo", 429, throttling, since, false, Kind.THROTTLED);
        await().atMost(MAIL_TIMEOUT).until(() -> NotifierKafka.committed(group + "-alerts", Topics.SYNC_ALERTS)
                == NotifierKafka.end(Topics.SYNC_ALERTS));
        assertThat(smtp.mailsMentioning(service)).as("no second mail for the same throttle").hasSize(1);

        Instant ended = since.plus(Duration.ofMinutes(42));
        kafka.alert(service, "Docebo", 429, "Docebo answers again after throttling " + service + " for 42 min",
                ended, true, Kind.THROTTLED);
        await().atMost(MAIL_TIMEOUT).until(() -> NotifierKafka.committed(group + "-alerts", Topics.SYNC_ALERTS)
                == NotifierKafka.end(Topics.SYNC_ALERTS));

        List<Mail> mails = smtp.mailsMentioning(service);
        assertThat(mails).extracting(Mail::subject).containsExactly(
                "[hibob-docebo-sync] Docebo has been throttling " + service + " for 30 min: changes wait, none lost",
                "[hibob-docebo-sync] Resolved: Docebo no longer throttles " + service
                        + ": the changes that waited go on");
        assertThat(mails.get(1).body()).contains("Docebo answers " + service + " normally again since " + ended,
                "The throttling lasted 42m (since " + since + ")", "nothing needs replaying");
    }

    @Test
    void a_throttle_and_a_credentials_incident_of_the_same_service_are_told_apart_and_end_apart() {
        String service = "docebo-writer-service-" + UUID.randomUUID().toString().substring(0, 8);
        Instant since = Instant.now().minus(Duration.ofMinutes(45)).truncatedTo(ChronoUnit.SECONDS);
        kafka.alert(service, "Docebo", 429, "Docebo has been throttling " + service, since, false, Kind.THROTTLED);
        kafka.alert(service, "Docebo", 401, "Docebo answered 401 to search users", since.plusSeconds(60), false,
                Kind.CREDENTIALS);
        kafka.alert(service, "Docebo", 429, "Docebo has been throttling " + service, since, false, Kind.THROTTLED);
        kafka.alert(service, "Docebo", 503, "Docebo answers again after throttling " + service,
                since.plusSeconds(600), true, Kind.THROTTLED);
        // Written as before kinds existed (no kind, the old key): still the credentials incident.
        kafka.alert(service, "Docebo", 401, "Docebo answered 401 to search users", since.plusSeconds(900), false);
        kafka.alert(service, "Docebo", 0, "Docebo accepts the credentials again", since.plusSeconds(1200), true,
                Kind.CREDENTIALS);

        await().atMost(MAIL_TIMEOUT).until(() -> NotifierKafka.committed(group + "-alerts", Topics.SYNC_ALERTS)
                == NotifierKafka.end(Topics.SYNC_ALERTS));

        List<String> subjects = smtp.mailsMentioning(service).stream().map(Mail::subject).toList();
        String throttled = "[hibob-docebo-sync] Docebo has been throttling " + service
                + " for 45 min: changes wait, none lost";
        String throttleEnded = "[hibob-docebo-sync] Resolved: Docebo no longer throttles " + service
                + ": the changes that waited go on";
        String refused = "[hibob-docebo-sync] Docebo refuses our credentials: " + service + " has paused";
        String accepted = "[hibob-docebo-sync] Resolved: Docebo accepts the credentials of " + service + " again";
        assertThat(subjects).as("one mail at each end of each incident")
                .containsExactlyInAnyOrder(throttled, throttleEnded, refused, accepted);
        assertThat(subjects.indexOf(throttled)).isLessThan(subjects.indexOf(throttleEnded));
        assertThat(subjects.indexOf(refused)).isLessThan(subjects.indexOf(accepted));
        assertThat(smtp.mailsMentioning(service).stream().filter(mail -> mail.subject().equals(accepted)))
                .singleElement().satisfies(mail -> assertThat(mail.body())
                        .contains("The incident lasted 19m (since " + since.plusSeconds(60) + ")"));
    }

    @Test
    void a_held_episode_is_mailed_once_with_the_commands_not_again_when_more_are_held_and_once_when_it_ends() {
        String service = "docebo-writer-service-" + UUID.randomUUID().toString().substring(0, 8);
        Instant since = Instant.now().minus(Duration.ofMinutes(20)).truncatedTo(ChronoUnit.SECONDS);
        String holding = "The safety brake holds 37 deactivation(s) or deletion(s) in Docebo: 37 deactivations or "
                + "deletions within an hour, more than 10 (the larger of 10 and 5 % of the 180 users the sync owns). "
                + "That many at once often means a fault rather than leavers. Held: ada@acme.com (employee "
                + "3332883000000000001, DEACTIVATED), ...";
        kafka.alert(service, "Docebo", 37, holding, since, false, Kind.HELD);

        List<Mail> first = await().atMost(MAIL_TIMEOUT).until(() -> smtp.mailsMentioning(service), m -> !m.isEmpty());
        String replay = "java -jar sync-replay/target/sync-replay.jar held";
        String kafkaAt = " --bootstrap-servers " + NotifierKafka.bootstrapServers();
        assertThat(first).singleElement().satisfies(mail -> {
            assertThat(mail.subject()).isEqualTo(
                    "[hibob-docebo-sync] Safety brake: 37 deactivations held in Docebo — approve or reject");
            assertThat(mail.body()).contains(
                    "The safety brake of " + service + " is holding 37 deactivations or deletions of Docebo users "
                            + "(since " + since + ")",
                    holding,
                    "permission change that hides a department",
                    "     " + replay + kafkaAt + "\n",
                    "     " + replay + " --approve" + kafkaAt + "\n",
                    "     " + replay + " --reject" + kafkaAt + "\n",
                    "More may be held after this mail",
                    "'held' always shows the current list",
                    "once per episode",
                    "(docs/runbook.md#deactivations-held-by-the-safety-brake)")
                    .doesNotContain("credentials", "throttl");
        });

        // More are held while the episode is open (and the writer restarted and alerts again): no second mail.
        kafka.alert(service, "Docebo", 52, holding.replace("37", "52"), since.plusSeconds(600), false, Kind.HELD);
        kafka.alert(service, "Docebo", 52, holding.replace("37", "52"), since.plusSeconds(900), false, Kind.HELD);
        await().atMost(MAIL_TIMEOUT).until(() -> NotifierKafka.committed(group + "-alerts", Topics.SYNC_ALERTS)
                == NotifierKafka.end(Topics.SYNC_ALERTS));
        assertThat(smtp.mailsMentioning(service)).as("no second mail for the same episode").hasSize(1);

        Instant ended = since.plus(Duration.ofMinutes(35));
        kafka.alert(service, "Docebo", 0, "Nothing is held by the safety brake any more (the last held action: "
                + "approved by alice).", ended, true, Kind.HELD);
        await().atMost(MAIL_TIMEOUT).until(() -> NotifierKafka.committed(group + "-alerts", Topics.SYNC_ALERTS)
                == NotifierKafka.end(Topics.SYNC_ALERTS));

        List<Mail> mails = smtp.mailsMentioning(service);
        assertThat(mails).extracting(Mail::subject).containsExactly(
                "[hibob-docebo-sync] Safety brake: 37 deactivations held in Docebo — approve or reject",
                "[hibob-docebo-sync] Resolved: the safety brake of " + service + " holds nothing any more");
        assertThat(mails.get(1).body()).contains("Nothing is held by the safety brake of " + service
                + " any more since " + ended, "The episode lasted 35m (since " + since + ")", "approved by alice");
    }

    private static ConsumerRecord<String, byte[]> deadLetterOf(String topic, String employee) {
        List<ConsumerRecord<String, byte[]>> found = TopicReader.read(NotifierKafka.bootstrapServers(), topic,
                record -> employee.equals(record.key()), 1, Duration.ofSeconds(10));
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    /** Named as docebo-writer-service's own, whose class name the mail turns into a likely cause. */
    static final class DoceboRejectedException extends RuntimeException {
        DoceboRejectedException(String message) {
            super(message);
        }
    }

    /** Named as docebo-writer-service's refusal; a refusal mail does not show the class. */
    static final class IdentityConflictException extends RuntimeException {
        IdentityConflictException(String message) {
            super(message);
        }
    }

    /** Named as enrich-service's own, whose class name the mail turns into a likely cause. */
    static final class EmployeeNotFoundException extends RuntimeException {
        EmployeeNotFoundException(String message) {
            super(message);
        }
    }

    /** Named as enrich-service's own. */
    static final class HibobRejectedException extends RuntimeException {
        HibobRejectedException(String message) {
            super(message);
        }
    }
}
