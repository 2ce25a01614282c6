package io.hibobsync.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hibobsync.contracts.DeadLetterHeaders;
import io.hibobsync.contracts.SyncOutcome;
import io.hibobsync.contracts.Topics;
import io.hibobsync.kafka.test.TopicReader;
import io.hibobsync.simulator.docebo.DoceboSimulator;
import io.hibobsync.simulator.docebo.DoceboUser;
import io.hibobsync.simulator.hibob.HibobSimulator;
import io.hibobsync.simulator.hibob.NewHire;
import io.hibobsync.simulator.hibob.SimulatedEmployee;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Never touch the wrong account, through the shipped jars: HiBob and Docebo simulators, a real broker, and the
 * notifier mailing a real SMTP server. Each test is one way an unlucky HR admin (or a re-sent delivery) could
 * have damaged somebody else's Docebo account before the identity rules.
 */
class IdentityEndToEndTest {

    private static final String SECRET = "identity-webhook-secret";
    private static final String ADMIN = "it.admin@example.com";
    private static final Duration ARRIVAL = Duration.ofSeconds(60);
    private static final JsonMapper json = JsonMapper.builder().build();

    // A broker of its own (as every stack has unless told): the writer's memory links employee ids to Docebo user
    // ids, and another test class's simulators hand out the same ids.
    private static SyncStack stack;
    private static HibobSimulator hibob;
    private static DoceboSimulator docebo;

    @BeforeAll
    static void startTheProduct() throws Exception {
        stack = SyncStack.start(SyncStack.named("identity").secret(SECRET)
                .hibob(Map.of("HIBOB_SIM_SEED_EMPLOYEES", 0))
                // The sync signs in to Docebo as the IT admin's own account, as small companies often do.
                .docebo(Map.of("DOCEBO_SIM_BATCH_PROCESSING_MS", 0, "DOCEBO_SIM_USERNAME", ADMIN))
                .service(SyncStack.INGEST)
                .service(SyncStack.ENRICH, Map.of("HIBOB_READ_DELAY", "0s",
                        "HIBOB_DELETION_GRACE", "3s",
                        "ENRICH_RETRY_INITIAL_INTERVAL", "500ms",
                        "ENRICH_RETRY_MAX_INTERVAL", "1s"))
                .service(SyncStack.WRITER)
                // A group of this class's own: mails of other test classes' dead letters are not ours.
                .service(SyncStack.NOTIFIER, Map.of("NOTIFIER_DIGEST_WINDOW", "1s",
                        "NOTIFIER_GROUP_ID", "notifier-identity-e2e")));
        hibob = stack.hibob;
        docebo = stack.docebo;
        assertThat(stack.registerWebhook()).isTrue();
    }

    @AfterAll
    static void stopTheProduct() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void a_duplicate_profile_created_and_deleted_leaves_the_original_account_untouched_and_mails_a_conflict() {
        SimulatedEmployee ada = hibob.hire(NewHire.of("Ada", "Lovelace").withEmail("ada@old.example.com"));
        DoceboUser original = awaitUser("ada@old.example.com", DoceboUser::active);
        // Ada's address changes; her Docebo username (the sign-in identity) stays.
        hibob.update(ada.id(), Map.of("root.email", "ada.lovelace@example.com"));
        awaitUser("ada@old.example.com", user -> "ada.lovelace@example.com".equals(user.email()));

        // Somebody creates a second profile for Ada with her old address, then notices and deletes it.
        SimulatedEmployee duplicate = hibob.hire(NewHire.of("Ada", "Copy").withEmail("ada@old.example.com"));
        awaitOutcome(duplicate.id(), SyncOutcome.Action.FAILED);
        hibob.delete(duplicate.id());
        await().atMost(ARRIVAL).until(() -> outcomes(duplicate.id()).size() >= 2);

        DoceboUser after = docebo.user("ada@old.example.com").orElseThrow();
        assertThat(after.userId()).isEqualTo(original.userId());
        assertThat(after.lastName()).isEqualTo("Lovelace");
        assertThat(after.active()).isTrue();
        assertThat(deadLetterReasons(Topics.HIBOB_EMPLOYEES, duplicate.id()))
                .contains(DeadLetterHeaders.REASON_IDENTITY_CONFLICT);
        MimeMessage mail = awaitMail(text -> text.contains(duplicate.id()) && text.toLowerCase().contains("identity"));
        assertThat(text(mail)).contains(ada.id());
    }

    @Test
    void a_leavers_email_given_to_a_new_hire_does_not_reactivate_the_leaver() {
        SimulatedEmployee sam = hibob.hire(NewHire.of("Sam", "Leaver").withEmail("sam@example.com"));
        long leaversAccount = awaitUser("sam@example.com", DoceboUser::active).userId();
        hibob.terminate(sam.id());
        awaitUser("sam@example.com", user -> !user.active());
        // HiBob frees the address for the new Sam by renaming the leaver's.
        hibob.update(sam.id(), Map.of("root.email", "sam.leaver@example.com"));
        awaitUser("sam@example.com", user -> "sam.leaver@example.com".equals(user.email()));

        SimulatedEmployee newSam = hibob.hire(NewHire.of("Sam", "Newhire").withEmail("sam@example.com"));

        awaitOutcome(newSam.id(), SyncOutcome.Action.FAILED);
        DoceboUser leaver = docebo.user("sam@example.com").orElseThrow();
        assertThat(leaver.userId()).isEqualTo(leaversAccount);
        assertThat(leaver.active()).isFalse();
        assertThat(leaver.lastName()).isEqualTo("Leaver");
        assertThat(deadLetterReasons(Topics.HIBOB_EMPLOYEES, newSam.id())).contains(DeadLetterHeaders.REASON_IDENTITY_CONFLICT);
    }

    @Test
    void employee_deleted_for_an_employee_hibob_still_has_deletes_nothing() throws Exception {
        SimulatedEmployee kept = hibob.hire(NewHire.of("Kept", "Employee").withEmail("kept.employee@example.com"));
        long userId = awaitUser("kept.employee@example.com", DoceboUser::active).userId();

        // An old or forged delivery, correctly signed: HiBob still has the employee.
        byte[] deleted = ("{\"companyId\":" + hibob.companyId() + ",\"type\":\"employee.deleted\",\"triggeredBy\":"
                + "\"system\",\"triggeredAt\":\"2025-01-08T13:06:26.915906\",\"version\":\"v2\",\"data\":{"
                + "\"employeeId\":\"" + kept.id() + "\",\"email\":\"kept.employee@example.com\"}}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(postSigned(deleted).statusCode()).isEqualTo(202);

        await().atMost(ARRIVAL).until(() -> deadLetterReasons(Topics.HIBOB_WEBHOOKS, kept.id())
                .contains(DeadLetterHeaders.REASON_DELETION_UNCONFIRMED));
        assertThat(docebo.user("kept.employee@example.com")).hasValueSatisfying(user -> {
            assertThat(user.userId()).isEqualTo(userId);
            assertThat(user.active()).isTrue();
        });
    }

    @Test
    void replaying_an_old_snapshot_after_a_deletion_creates_nothing() throws Exception {
        SimulatedEmployee temp = hibob.hire(NewHire.of("Tim", "Porary").withEmail("tim.porary@example.com"));
        awaitUser("tim.porary@example.com", user -> true);
        ConsumerRecord<String, byte[]> firstSnapshot = TopicReader.read(stack.bootstrapServers(),
                Topics.HIBOB_EMPLOYEES, record -> temp.id().equals(record.key()), 1, ARRIVAL).get(0);
        hibob.delete(temp.id());
        await().atMost(ARRIVAL).until(() -> docebo.user("tim.porary@example.com").isEmpty());
        awaitOutcome(temp.id(), SyncOutcome.Action.DELETED);

        int outcomesBefore = outcomes(temp.id()).size();

        // What a dead-letter replay or an offset reset does: the old snapshot comes again.
        republish(firstSnapshot);

        await().atMost(ARRIVAL).until(() -> outcomes(temp.id()).size() > outcomesBefore);
        assertThat(outcomes(temp.id()).get(outcomesBefore)).satisfies(replayed -> {
            assertThat(replayed.action()).isEqualTo(SyncOutcome.Action.STALE);
            assertThat(replayed.detail()).contains("before HiBob confirmed the employee deleted");
        });
        assertThat(docebo.user("tim.porary@example.com")).isEmpty();
    }

    @Test
    void the_syncs_own_account_survives_its_owner_leaving() {
        SimulatedEmployee admin = hibob.hire(NewHire.of("Ivy", "Admin").withEmail(ADMIN));
        awaitOutcome(admin.id(), SyncOutcome.Action.FAILED);

        hibob.terminate(admin.id());

        await().atMost(ARRIVAL).until(() -> outcomes(admin.id()).size() >= 2);
        assertThat(outcomes(admin.id())).extracting(SyncOutcome::action).containsOnly(SyncOutcome.Action.FAILED);
        assertThat(docebo.user(ADMIN)).hasValueSatisfying(user -> assertThat(user.active()).isTrue());
        // And the sync still signs in: a new hire after it still arrives.
        hibob.hire(NewHire.of("After", "Admin").withEmail("after.admin@example.com"));
        awaitUser("after.admin@example.com", DoceboUser::active);
    }

    private static DoceboUser awaitUser(String username, Predicate<DoceboUser> condition) {
        return await().atMost(ARRIVAL).pollInterval(Duration.ofMillis(200))
                .until(() -> docebo.user(username).filter(condition), Optional::isPresent).orElseThrow();
    }

    private static void awaitOutcome(String employeeId, SyncOutcome.Action action) {
        await().atMost(ARRIVAL).until(() -> outcomes(employeeId).stream().anyMatch(outcome -> outcome.action() == action));
    }

    private static List<SyncOutcome> outcomes(String employeeId) {
        return TopicReader.read(stack.bootstrapServers(), Topics.DOCEBO_SYNC_OUTCOMES,
                        record -> employeeId.equals(record.key()), 100, Duration.ofSeconds(2)).stream()
                .map(record -> json.readValue(record.value(), SyncOutcome.class))
                .toList();
    }

    private static List<String> deadLetterReasons(String topic, String employeeId) {
        return TopicReader.read(stack.bootstrapServers(), Topics.deadLetterTopicOf(topic),
                        record -> employeeId.equals(record.key()), 100, Duration.ofSeconds(2)).stream()
                .map(record -> record.headers().lastHeader(DeadLetterHeaders.REASON))
                .filter(header -> header != null)
                .map(header -> new String(header.value(), StandardCharsets.UTF_8))
                .toList();
    }

    private static MimeMessage awaitMail(Predicate<String> about) {
        return await().atMost(ARRIVAL).pollInterval(Duration.ofMillis(500))
                .until(() -> stack.mails().stream()
                        .filter(mail -> about.test(subject(mail) + "\n" + text(mail)))
                        .findFirst(), Optional::isPresent).orElseThrow();
    }

    private static String subject(MimeMessage mail) {
        try {
            return mail.getSubject();
        } catch (jakarta.mail.MessagingException unreadable) {
            return "";
        }
    }

    /** The mail's text decoded: its raw body is quoted-printable, which breaks long lines (and ids) with "=". */
    private static String text(MimeMessage mail) {
        try {
            return mail.getContent().toString();
        } catch (java.io.IOException | jakarta.mail.MessagingException unreadable) {
            return "";
        }
    }

    private static void republish(ConsumerRecord<String, byte[]> record) throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(record.topic(), record.key(), record.value())).get();
        }
    }

    private static HttpResponse<String> postSigned(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA512");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.ingestUrl()))
                .header("Content-Type", "application/json")
                .header("Bob-Signature", Base64.getEncoder().encodeToString(mac.doFinal(body)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
