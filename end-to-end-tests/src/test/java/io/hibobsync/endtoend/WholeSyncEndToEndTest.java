package io.hibobsync.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hibobsync.contracts.SyncOutcome;
import io.hibobsync.contracts.Topics;
import io.hibobsync.kafka.test.TopicReader;
import io.hibobsync.simulator.docebo.DoceboSimulator;
import io.hibobsync.simulator.docebo.DoceboUser;
import io.hibobsync.simulator.hibob.HibobSimulator;
import io.hibobsync.simulator.hibob.NewHire;
import io.hibobsync.simulator.hibob.SimulatedEmployee;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The product as a customer runs it: an HR admin changes someone in HiBob (the simulator), HiBob sends its
 * signed webhook to ingest-service, and the change arrives in Docebo (the simulator) through Kafka,
 * enrich-service and docebo-writer-service, each started from its shipped jar.
 */
class WholeSyncEndToEndTest {

    private static final String SECRET = "end-to-end-webhook-secret";
    private static final Duration ARRIVAL = Duration.ofSeconds(60);
    private static final JsonMapper json = JsonMapper.builder().build();

    private static SyncStack stack;
    private static HibobSimulator hibob;
    private static DoceboSimulator docebo;

    @BeforeAll
    static void startTheProduct() throws Exception {
        stack = SyncStack.start(SyncStack.named("whole-sync").sharedBroker().secret(SECRET)
                .hibob(Map.of("HIBOB_SIM_SEED_EMPLOYEES", 5))
                .docebo(Map.of("DOCEBO_SIM_BATCH_PROCESSING_MS", 0))
                .service(SyncStack.INGEST)
                .service(SyncStack.ENRICH, Map.of("HIBOB_READ_DELAY", "0s", "HIBOB_EXTRA_FIELDS", "work.title"))
                .service(SyncStack.WRITER, Map.of("DOCEBO_DEPARTMENT_BRANCHES", "Engineering=ENG,Sales=SALES",
                        "DOCEBO_ADDITIONAL_FIELDS", "5=work.title")));
        hibob = stack.hibob;
        docebo = stack.docebo;
        assertThat(stack.registerWebhook()).as("ingest answered HiBob's Ping test").isTrue();
    }

    @AfterAll
    static void stopTheProductAndCheckItsLogsHoldNoSecret() throws Exception {
        if (stack != null) {
            List<String> secrets = List.of(SECRET, hibob.serviceUserToken(), docebo.clientSecret(), docebo.password());
            stack.close();
            for (ServiceJars.Service service : stack.services.services()) {
                String text = java.nio.file.Files.readString(service.log());
                assertThat(text).as("log %s", service.log()).contains("Started");
                secrets.forEach(secret -> assertThat(text).as("log %s", service.log()).doesNotContain(secret));
            }
        }
    }

    @Test
    void a_new_hire_in_hibob_becomes_an_active_docebo_user_in_their_department_branch() {
        SimulatedEmployee ada = hibob.hire(NewHire.of("Ada", "Lovelace").withEmail("ada.lovelace@example.com")
                .withDepartment("Engineering").withTitle("Engineer"));

        DoceboUser user = awaitUser("ada.lovelace@example.com", found -> found.active());
        assertThat(user.firstName()).isEqualTo("Ada");
        assertThat(user.branches()).containsExactly("ENG");
        assertThat(user.fields()).containsEntry(5, "Engineer");
        assertThat(outcomes(ada.id(), 1).get(0).action()).isEqualTo(SyncOutcome.Action.CREATED);
    }

    @Test
    void a_change_in_hibob_updates_the_docebo_user() {
        SimulatedEmployee alan = hibob.hire(NewHire.of("Alan", "Turing").withEmail("alan.turing@example.com")
                .withDepartment("Engineering"));
        awaitUser("alan.turing@example.com", found -> true);

        hibob.update(alan.id(), Map.of("work.department", "Sales", "root.surname", "Turing-Smith"));

        awaitUser("alan.turing@example.com", found -> "Turing-Smith".equals(found.lastName())
                && found.branches().contains("SALES"));
    }

    @Test
    void a_future_hire_is_created_inactive_and_activated_when_they_join() {
        SimulatedEmployee grace = hibob.hire(NewHire.of("Grace", "Hopper").withEmail("grace.hopper@example.com")
                .withStartDate(LocalDate.now().plusDays(14)));
        awaitUser("grace.hopper@example.com", found -> !found.active());

        hibob.startEmployee(grace.id());

        awaitUser("grace.hopper@example.com", DoceboUser::active);
    }

    @Test
    void a_leaver_is_deactivated_and_a_rehire_reactivates_the_same_account() {
        SimulatedEmployee linus = hibob.hire(NewHire.of("Linus", "Torvalds").withEmail("linus.torvalds@example.com"));
        long userId = awaitUser("linus.torvalds@example.com", DoceboUser::active).userId();

        hibob.terminate(linus.id());
        awaitUser("linus.torvalds@example.com", found -> !found.active());

        hibob.rehire(linus.id());
        assertThat(awaitUser("linus.torvalds@example.com", DoceboUser::active).userId()).isEqualTo(userId);
    }

    @Test
    void an_older_update_delivered_after_a_leave_does_not_reactivate_the_leaver() throws Exception {
        SimulatedEmployee barbara = hibob.hire(NewHire.of("Barbara", "Liskov").withEmail("barbara.liskov@example.com"));
        awaitUser("barbara.liskov@example.com", DoceboUser::active);
        hibob.terminate(barbara.id());
        awaitUser("barbara.liskov@example.com", found -> !found.active());

        // HiBob retried an employee.updated from before the termination: it arrives last.
        byte[] lateUpdate = webhook("employee.updated", barbara.id(), "2020-01-01T09:00:00.000000");
        assertThat(postSigned(lateUpdate).statusCode()).isEqualTo(202);

        String deliveryId = java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(lateUpdate));
        await().atMost(ARRIVAL).until(() -> outcomes(barbara.id(), 10).stream()
                .anyMatch(outcome -> deliveryId.equals(outcome.deliveryId())));
        assertThat(docebo.user("barbara.liskov@example.com").orElseThrow().active()).isFalse();
    }

    @Test
    void an_employee_deleted_in_hibob_is_deleted_in_docebo() {
        SimulatedEmployee temp = hibob.hire(NewHire.of("Tim", "Porary").withEmail("tim.porary@example.com"));
        awaitUser("tim.porary@example.com", found -> true);

        hibob.delete(temp.id());

        await().atMost(ARRIVAL).until(() -> docebo.user("tim.porary@example.com").isEmpty());
    }

    @Test
    void the_hibob_manager_becomes_the_docebo_direct_manager() {
        SimulatedEmployee boss = hibob.hire(NewHire.of("Margaret", "Hamilton").withEmail("margaret.hamilton@example.com"));
        hibob.hire(NewHire.of("Dennis", "Ritchie").withEmail("dennis.ritchie@example.com").withManager(boss.id()));

        awaitUser("dennis.ritchie@example.com", found -> "margaret.hamilton@example.com".equals(found.directManager()));
    }

    @Test
    void the_same_webhook_delivered_three_times_creates_one_user() throws Exception {
        SimulatedEmployee ken = hibob.hire(NewHire.of("Ken", "Thompson").withEmail("ken.thompson@example.com"));
        awaitUser("ken.thompson@example.com", found -> true);
        int users = docebo.users().size();
        byte[] body = webhook("employee.updated", ken.id(), "2025-01-08T13:06:26.915906");

        for (int delivery = 0; delivery < 3; delivery++) {
            assertThat(postSigned(body).statusCode()).isEqualTo(202);
        }

        List<SyncOutcome> outcomes = outcomes(ken.id(), 4);
        assertThat(outcomes).extracting(SyncOutcome::action).startsWith(SyncOutcome.Action.CREATED)
                .containsOnly(SyncOutcome.Action.CREATED, SyncOutcome.Action.UNCHANGED);
        assertThat(docebo.users()).hasSize(users);
    }

    private static DoceboUser awaitUser(String username, java.util.function.Predicate<DoceboUser> condition) {
        return await().atMost(ARRIVAL).pollInterval(Duration.ofMillis(200))
                .until(() -> docebo.user(username).filter(condition), Optional::isPresent).orElseThrow();
    }

    /** The outcomes for an employee: enrich may coalesce webhooks of one poll, so at most {@code count}. */
    private static List<SyncOutcome> outcomes(String employeeId, int count) {
        return TopicReader.read(stack.bootstrapServers(), Topics.DOCEBO_SYNC_OUTCOMES,
                        record -> employeeId.equals(record.key()), count, Duration.ofSeconds(20)).stream()
                .map(record -> json.readValue(record.value(), SyncOutcome.class))
                .toList();
    }

    private static byte[] webhook(String type, String employeeId, String triggeredAt) {
        return ("{\"companyId\":" + hibob.companyId() + ",\"type\":\"" + type + "\",\"triggeredBy\":\"system\","
                + "\"triggeredAt\":\"" + triggeredAt + "\",\"version\":\"v2\",\"data\":{\"employeeId\":\""
                + employeeId + "\",\"fieldUpdates\":[]}}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> postSigned(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA512");
        mac.init(new SecretKeySpec(SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA512"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.ingestUrl()))
                .header("Content-Type", "application/json")
                .header("Bob-Signature", Base64.getEncoder().encodeToString(mac.doFinal(body)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
