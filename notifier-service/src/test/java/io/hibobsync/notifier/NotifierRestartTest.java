package io.hibobsync.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hibobsync.contracts.Topics;
import io.hibobsync.notifier.NotifierReconciliationTest.Drift;
import io.hibobsync.notifier.Smtp.Mail;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * At least once, across SMTP outages and restarts: a dead letter's offset is committed only after the SMTP server
 * took its mail, so an outage (even with a restart in it) delays mails but loses none, and a restart resends nothing
 * that was sent. What the administrator was told about credentials incidents and nightly reconciliations survives a
 * restart too.
 */
class NotifierRestartTest {

    private static final String DLT = Topics.deadLetterTopicOf(Topics.HIBOB_EMPLOYEES);
    private static final Duration OUTAGE = Duration.ofSeconds(20);

    private final Smtp smtp = new Smtp();
    private final NotifierKafka kafka = new NotifierKafka();
    private final String group = NotifierKafka.newGroupAtTheEnd();
    private ConfigurableApplicationContext notifier;

    @AfterEach
    void stopAll() {
        if (notifier != null) {
            notifier.close();
        }
        smtp.close();
        kafka.close();
    }

    @Test
    void smtp_down_for_20_s_delays_the_mails_but_loses_none_even_through_a_restart_and_nothing_is_sent_twice() {
        long committedAtStart = NotifierKafka.committed(group, DLT);
        notifier = startNotifier();
        smtp.stop();
        Instant down = Instant.now();
        List<String> employees = NotifierKafka.newEmployeeIds(5);
        employees.forEach(employee -> kafka.writerFailure(employee, "someone@example.com", "employee.updated",
                new IllegalStateException("Docebo answered 400 to update user 77: Invalid value")));

        await().atMost(Duration.ofSeconds(30)).until(() -> smtpFailures() >= 2);
        assertThat(NotifierKafka.committed(group, DLT)).as("nothing committed before the mail is out")
                .isEqualTo(committedAtStart);

        // A restart while SMTP is still down: the records were never committed, so they are read again.
        notifier.close();
        notifier = startNotifier();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> smtpFailures() >= 1 && Duration.between(down, Instant.now()).compareTo(OUTAGE) >= 0);
        assertThat(NotifierKafka.committed(group, DLT)).isEqualTo(committedAtStart);
        assertThat(smtp.mails()).isEmpty();

        smtp.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> NotifierKafka.committed(group, DLT) == NotifierKafka.end(DLT));
        assertThat(employees).allSatisfy(employee -> assertThat(smtp.mailsMentioning(employee))
                .as("mailed once: %s", employee).hasSize(1));

        // Restarted after sending: what was sent is committed, so it is not sent again.
        notifier.close();
        notifier = startNotifier();
        String later = NotifierKafka.newEmployeeIds(1).get(0);
        kafka.writerFailure(later, "later@example.com", "employee.created",
                new IllegalStateException("Docebo answered 400 to create user later@example.com"));
        Mail laterMail = await().atMost(Duration.ofSeconds(30))
                .until(() -> smtp.mailsMentioning(later), mails -> !mails.isEmpty()).get(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> NotifierKafka.committed(group, DLT) == NotifierKafka.end(DLT));
        assertThat(employees).noneMatch(laterMail::mentions);
        assertThat(employees).allSatisfy(employee -> assertThat(smtp.mailsMentioning(employee)).hasSize(1));
    }

    @Test
    void an_incident_mailed_before_a_restart_is_not_mailed_again_when_the_service_repeats_it_after() {
        String service = "docebo-writer-service-" + UUID.randomUUID().toString().substring(0, 8);
        Instant since = Instant.parse("2025-01-08T09:00:00Z");
        notifier = startNotifier();
        kafka.alert(service, "Docebo", 401, "Docebo answered 401 to search users", since, false);
        await().atMost(Duration.ofSeconds(30)).until(() -> smtp.mailsMentioning(service).size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> NotifierKafka.committed(group + "-alerts",
                Topics.SYNC_ALERTS) == NotifierKafka.end(Topics.SYNC_ALERTS));

        notifier.close();
        // The writer restarted during the incident and reports it again, then the credentials are fixed.
        kafka.alert(service, "Docebo", 401, "Docebo answered 401 to search users", since.plusSeconds(120), false);
        kafka.alert(service, "Docebo", 0, "Docebo accepts the credentials again", since.plusSeconds(3600), true);
        notifier = startNotifier();

        await().atMost(Duration.ofSeconds(30)).until(() -> NotifierKafka.committed(group + "-alerts",
                Topics.SYNC_ALERTS) == NotifierKafka.end(Topics.SYNC_ALERTS));
        List<Mail> mails = smtp.mailsMentioning(service);
        assertThat(mails).extracting(Mail::subject).containsExactly(
                "[hibob-docebo-sync] Docebo refuses our credentials: " + service + " has paused",
                "[hibob-docebo-sync] Resolved: Docebo accepts the credentials of " + service + " again");
        assertThat(mails.get(1).body()).as("the start is remembered across the restart")
                .contains("The incident lasted 1h (since 2025-01-08T09:00:00Z)");
    }

    @Test
    void an_incident_alerted_while_smtp_is_down_is_mailed_once_it_is_back_and_its_repeat_is_not() {
        String service = "enrich-service-" + UUID.randomUUID().toString().substring(0, 8);
        Instant since = Instant.parse("2025-01-08T10:00:00Z");
        notifier = startNotifier();
        smtp.stop();
        kafka.alert(service, "HiBob", 401, "HiBob answered 401 to a search", since, false);

        await().atMost(Duration.ofSeconds(30)).until(() -> smtpFailures() >= 2);
        assertThat(NotifierKafka.committed(group + "-alerts", Topics.SYNC_ALERTS))
                .as("the alert is not committed before its mail is out")
                .isLessThan(NotifierKafka.end(Topics.SYNC_ALERTS));
        // The service alerts again while the first mail waits: still the same incident.
        kafka.alert(service, "HiBob", 401, "HiBob answered 401 to a search", since.plusSeconds(60), false);
        smtp.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> NotifierKafka.committed(group + "-alerts",
                Topics.SYNC_ALERTS) == NotifierKafka.end(Topics.SYNC_ALERTS));
        assertThat(smtp.mailsMentioning(service)).extracting(Mail::subject)
                .containsExactly("[hibob-docebo-sync] HiBob refuses our credentials: " + service + " has paused");
    }

    @Test
    void a_reconciliation_mailed_before_a_restart_is_not_mailed_again_and_one_across_the_restart_is_mailed_once() {
        String before = "reconcile-" + UUID.randomUUID();
        String across = "reconcile-" + UUID.randomUUID();
        List<String> acrossIds = NotifierKafka.newEmployeeIds(20);
        notifier = startNotifier();
        Drift mailed = new Drift(kafka, before, NotifierKafka.newEmployeeIds(20));
        mailed.corrections();
        await().atMost(Duration.ofSeconds(30)).until(() -> smtp.mailsMentioning(before).size() == 1);
        // The other run's employees and all but its last partition before the restart.
        Drift spanning = new Drift(kafka, across, acrossIds);
        spanning.entries();
        for (int partition = 0; partition < NotifierReconciliationTest.PARTITIONS - 1; partition++) {
            spanning.report(partition);
        }
        awaitRunsRead();
        assertThat(smtp.mailsMentioning(across)).isEmpty();

        notifier.close();
        // The writer redelivers the first run's reports; the other run's last partition reports.
        for (int partition = 0; partition < NotifierReconciliationTest.PARTITIONS; partition++) {
            mailed.report(partition);
        }
        spanning.report(NotifierReconciliationTest.PARTITIONS - 1);
        notifier = startNotifier();

        awaitRunsRead();
        assertThat(smtp.mailsMentioning(before)).as("mailed before the restart: not again").hasSize(1);
        assertThat(smtp.mailsMentioning(across)).as("complete after the restart: mailed once")
                .singleElement().satisfies(mail -> assertThat(mail.body()).as("with what was read before it")
                        .contains("Corrected in Docebo (12):", "1. Identity conflict: employee " + acrossIds.get(12),
                                "first_name: \"Ana\" → \"Anna\""));
    }

    @Test
    void a_reconciliation_complete_while_smtp_is_down_is_mailed_once_it_is_back_even_through_a_restart() {
        String runId = "reconcile-" + UUID.randomUUID();
        notifier = startNotifier();
        smtp.stop();
        Drift drift = new Drift(kafka, runId, NotifierKafka.newEmployeeIds(20));
        drift.corrections();

        await().atMost(Duration.ofSeconds(30)).until(() -> smtpFailures() >= 2);
        assertThat(NotifierKafka.committed(group + "-runs", Topics.SYNC_PLANS))
                .as("the run's last report is not committed before its mail is out")
                .isLessThan(NotifierKafka.end(Topics.SYNC_PLANS));

        notifier.close();
        notifier = startNotifier();
        await().atMost(Duration.ofSeconds(30)).until(() -> smtpFailures() >= 1);
        smtp.start();

        awaitRunsRead();
        assertThat(smtp.mailsMentioning(runId)).hasSize(1);
        notifier.close();
        notifier = startNotifier();
        // Redelivered after the restart: read after the partition was rebuilt, as it is on the run's partition.
        drift.report(NotifierReconciliationTest.PARTITIONS - 1);
        awaitRunsRead();
        assertThat(smtp.mailsMentioning(runId)).as("not again after a further restart").hasSize(1);
    }

    private void awaitRunsRead() {
        await().atMost(Duration.ofSeconds(30)).until(() -> NotifierKafka.committed(group + "-runs",
                Topics.SYNC_PLANS) == NotifierKafka.end(Topics.SYNC_PLANS));
    }

    private ConfigurableApplicationContext startNotifier() {
        // Command-line arguments: they win over application.yml, as the environment does in production.
        return new SpringApplicationBuilder(NotifierApplication.class).run(
                "--spring.kafka.bootstrap-servers=" + NotifierKafka.bootstrapServers(),
                "--spring.mail.host=127.0.0.1",
                "--spring.mail.port=" + smtp.port(),
                "--server.port=0",
                "--notifier.group-id=" + group,
                "--notifier.mail-to=admin@example.com",
                "--notifier.digest-window=1s",
                "--notifier.retry-initial-interval=500ms",
                "--notifier.retry-max-interval=2s");
    }

    private double smtpFailures() {
        return notifier.getBean(MeterRegistry.class).counter("notifier.smtp.failures").count();
    }
}
