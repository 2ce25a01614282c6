package io.hibobsync.simulator.hibob;

import static io.hibobsync.simulator.hibob.SimulatorHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

@HibobSimulatorContractTest
class WebhookContractTest extends ContractTestSupport {

    static final String SECRET = "local-dev-webhook-secret";

    @RegisterExtension
    static final WebhookReceiver receiver = WebhookReceiver.start();

    @BeforeEach
    void registerTheReceiver() {
        receiver.clear();
        assertThat(http.post("/sim/webhooks", "{\"url\":\"" + receiver.url() + "\"}").statusCode()).isEqualTo(200);
        receiver.clear();
        assertThat(http.delete("/sim/webhooks/deliveries").statusCode()).isEqualTo(204);
    }

    @Test
    void registering_pings_with_plain_text_first() {
        receiver.clear();

        var response = http.post("/sim/webhooks", "{\"url\":\"" + receiver.url() + "\"}");

        assertThat(json(response).get("reachable").asBoolean()).isTrue();
        assertThat(receiver.received()).singleElement().satisfies(ping -> {
            assertThat(ping.contentType()).startsWith("text/plain");
            assertThat(ping.text()).isEqualTo("Ping test");
            assertThat(ping.signedWith(SECRET)).isTrue();
        });
        assertThat(http.get("/sim/webhooks").body()).contains(receiver.url()).doesNotContain(SECRET);
    }

    @Test
    void registering_pings_again_as_json_when_plain_text_is_refused() {
        receiver.clear();
        receiver.rejectPlainText();

        var response = http.post("/sim/webhooks", "{\"url\":\"" + receiver.url() + "\"}");

        assertThat(json(response).get("reachable").asBoolean()).isTrue();
        assertThat(json(response).get("pings").size()).isEqualTo(2);
        var received = receiver.received();
        assertThat(received).hasSize(2);
        assertThat(received.get(0).answeredStatus()).isEqualTo(415);
        assertThat(received.get(1).contentType()).startsWith("application/json");
        assertThat(received.get(1).text()).isEqualTo("{\"text\":\"Ping test\"}");
        var pings = json(http.get("/sim/webhooks/deliveries?type=ping"));
        assertThat(pings.size()).isEqualTo(2);
        assertThat(pings.get(0).get("state").asString()).isEqualTo("FAILED");
        assertThat(pings.get(1).get("state").asString()).isEqualTo("DELIVERED");
    }

    @Test
    void a_hire_sends_a_signed_v2_employee_created() {
        var ceo = admin.list().get(0);

        var response = http.post("/sim/employees", "{\"firstName\":\"Ada\",\"surname\":\"Lovelace\","
                + "\"email\":\"ada.lovelace@example.org\",\"department\":\"Engineering\",\"site\":\"London\"}");

        assertThat(response.statusCode()).isEqualTo(201);
        String id = json(response).get("employee").get("id").asString();
        var created = awaitEvents(1).get(0);
        assertThat(created.signedWith(SECRET)).isTrue();
        assertThat(created.signedWith("another-secret")).isFalse();
        var envelope = created.json();
        assertThat(envelope.propertyNames()).containsExactly("companyId", "type", "triggeredBy", "triggeredAt", "version", "data");
        assertThat(envelope.get("companyId").isNumber()).isTrue();
        assertThat(envelope.get("companyId").asLong()).isEqualTo(636192L);
        assertThat(envelope.get("type").asString()).isEqualTo("employee.created");
        assertThat(envelope.get("triggeredBy").asString()).isEqualTo(ceo.id());
        assertThat(envelope.get("triggeredAt").asString()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}");
        assertThat(envelope.get("version").asString()).isEqualTo("v2");
        assertThat(envelope.get("data").get("employeeId").asString()).isEqualTo(id);
        assertThat(admin.find(id).orElseThrow().status()).isEqualTo("Active");
    }

    @Test
    void a_future_hire_is_hired_and_inactive_until_started_which_sends_employee_joined() {
        var response = http.post("/sim/employees", "{\"firstName\":\"Grace\",\"lastName\":\"Hopper\",\"startDate\":\""
                + LocalDate.now().plusDays(30) + "\"}");
        String id = json(response).get("employee").get("id").asString();
        assertThat(json(response).get("employee").get("fields").get("internal.lifecycleStatus").asString()).isEqualTo("Hired");
        assertThat(json(response).get("employee").get("fields").get("internal.status").asString()).isEqualTo("Inactive");
        assertThat(visibleWithoutShowInactive(id)).isFalse();

        var started = http.post("/sim/employees/" + id + "/start", "");

        assertThat(started.statusCode()).isEqualTo(200);
        assertThat(visibleWithoutShowInactive(id)).isTrue();
        var events = awaitEvents(2);
        assertThat(events).extracting(WebhookReceiver.Received::type).containsExactly("employee.created", "employee.joined");
        assertThat(events.get(1).json().get("triggeredBy").asString()).isEqualTo("system");
        assertThat(events.get(1).json().get("data").get("employeeId").asString()).isEqualTo(id);
        assertThat(admin.find(id).orElseThrow().field("work.startDate")).isEqualTo(LocalDate.now().toString());
    }

    @Test
    void an_update_sends_employee_updated_with_the_changed_fields_and_none_when_nothing_changed() {
        var someone = activeReport();

        var same = http.patch("/sim/employees/" + someone.id(),
                "{\"fields\":{\"work.department\":\"" + someone.field("work.department") + "\"}}");
        var changed = http.patch("/sim/employees/" + someone.id(),
                "{\"fields\":{\"work.department\":\"Sales Operations\"},\"triggeredBy\":\"3332883804594373380\"}");

        assertThat(json(same).get("webhooks").size()).isZero();
        assertThat(json(changed).get("changedFields").get(0).asString()).isEqualTo("work.department");
        // Webhooks leave in order, so had the no-op update sent one, it would be the first received.
        var updated = awaitEvents(1).get(0).json();
        assertThat(updated.get("type").asString()).isEqualTo("employee.updated");
        assertThat(updated.get("triggeredBy").asString()).isEqualTo("3332883804594373380");
        assertThat(updated.get("data").get("employeeId").asString()).isEqualTo(someone.id());
        assertThat(strings(updated.get("data").get("fieldUpdates"))).containsExactly("work.department");
        assertThat(readDepartment(someone.id())).isEqualTo("Sales Operations");
    }

    @Test
    void changing_the_manager_reports_manager_and_reports_to() {
        var someone = activeReport();
        var ceo = admin.list().get(0);

        http.patch("/sim/employees/" + someone.id(), "{\"fields\":{\"work.manager\":\"" + ceo.id() + "\"}}");

        assertThat(strings(awaitEvents(1).get(0).json().get("data").get("fieldUpdates")))
                .containsExactly("work.manager", "work.reportsTo");
    }

    @Test
    void renaming_reports_the_display_name_too() {
        var someone = activeReport();

        var response = http.patch("/sim/employees/" + someone.id(), "{\"fields\":{\"root.surname\":\"Byron\"}}");

        assertThat(strings(json(response).get("changedFields"))).containsExactly("root.surname", "root.displayName", "root.fullName");
        assertThat(json(response).get("employee").get("fields").get("root.displayName").asString())
                .isEqualTo(someone.field("root.firstName") + " Byron");
    }

    @Test
    void terminating_sends_employee_left_then_employee_inactivated() {
        var someone = activeReport();

        var response = http.post("/sim/employees/" + someone.id() + "/terminate", "{\"terminationDate\":\"2025-03-31\"}");

        var fields = json(response).get("employee").get("fields");
        assertThat(fields.get("internal.status").asString()).isEqualTo("Inactive");
        assertThat(fields.get("internal.lifecycleStatus").asString()).isEqualTo("Terminated");
        assertThat(fields.get("internal.terminationDate").asString()).isEqualTo("2025-03-31");
        var events = awaitEvents(2);
        assertThat(events).extracting(WebhookReceiver.Received::type).containsExactly("employee.left", "employee.inactivated");
        assertThat(events).allSatisfy(event -> {
            assertThat(event.signedWith(SECRET)).isTrue();
            assertThat(event.json().get("data").get("employeeId").asString()).isEqualTo(someone.id());
        });
        assertThat(visibleWithoutShowInactive(someone.id())).isFalse();
    }

    @Test
    void rehiring_sends_employee_updated_then_employee_activated() {
        var leaver = admin.list().stream().filter(e -> "Terminated".equals(e.lifecycleStatus())).findFirst().orElseThrow();

        var response = http.post("/sim/employees/" + leaver.id() + "/rehire", "");

        var fields = json(response).get("employee").get("fields");
        assertThat(fields.get("internal.status").asString()).isEqualTo("Active");
        assertThat(fields.get("internal.lifecycleStatus").asString()).isEqualTo("Employed");
        assertThat(fields.get("internal.terminationDate").isNull()).isTrue();
        var events = awaitEvents(2);
        assertThat(events).extracting(WebhookReceiver.Received::type).containsExactly("employee.updated", "employee.activated");
        assertThat(strings(events.get(0).json().get("data").get("fieldUpdates")))
                .contains("internal.status", "internal.lifecycleStatus", "internal.terminationDate");
        assertThat(visibleWithoutShowInactive(leaver.id())).isTrue();
    }

    @Test
    void deleting_sends_employee_deleted_with_the_email_and_the_employee_is_gone() {
        var someone = activeReport();

        var response = http.delete("/sim/employees/" + someone.id());

        assertThat(response.statusCode()).isEqualTo(200);
        var deleted = awaitEvents(1).get(0).json();
        assertThat(deleted.get("type").asString()).isEqualTo("employee.deleted");
        assertThat(deleted.get("data").get("employeeId").asString()).isEqualTo(someone.id());
        assertThat(deleted.get("data").get("email").asString()).isEqualTo(someone.email());
        assertThat(http.read(someone.id(), "{\"fields\":[\"root.id\"]}").statusCode()).isEqualTo(404);
    }

    @Test
    void a_non_2xx_answer_is_retried_with_the_same_signed_bytes() {
        receiver.answerNext(500, 503);

        http.post("/sim/employees", "{\"firstName\":\"Alan\",\"surname\":\"Turing\"}");

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 3);
        var attempts = receiver.received();
        assertThat(attempts).extracting(WebhookReceiver.Received::answeredStatus).containsExactly(500, 503, 200);
        assertThat(attempts).extracting(WebhookReceiver.Received::text).containsOnly(attempts.get(0).text());
        assertThat(attempts).allSatisfy(attempt -> assertThat(attempt.signedWith(SECRET)).isTrue());
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            var delivery = json(http.get("/sim/webhooks/deliveries?type=employee.created")).get(0);
            assertThat(delivery.get("state").asString()).isEqualTo("DELIVERED");
            assertThat(delivery.get("attempts").size()).isEqualTo(3);
            assertThat(delivery.get("signature").asString()).isEqualTo(attempts.get(0).signature());
        });
    }

    @Test
    void a_later_change_waits_until_the_earlier_one_is_delivered() {
        receiver.answerNext(503, 503);
        var someone = activeReport();

        http.patch("/sim/employees/" + someone.id(), "{\"fields\":{\"work.title\":\"Staff Engineer\"}}");
        http.post("/sim/employees/" + someone.id() + "/terminate", "");

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 5);
        assertThat(receiver.received()).extracting(WebhookReceiver.Received::type).containsExactly(
                "employee.updated", "employee.updated", "employee.updated", "employee.left", "employee.inactivated");
    }

    @Test
    void gives_up_after_the_configured_attempts_and_moves_on() {
        receiver.answerNext(500, 500, 500, 500);

        http.post("/sim/employees", "{\"firstName\":\"Dennis\",\"surname\":\"Ritchie\"}");
        http.post("/sim/employees", "{\"firstName\":\"Ken\",\"surname\":\"Thompson\"}");

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 5);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            var deliveries = json(http.get("/sim/webhooks/deliveries?type=employee.created"));
            assertThat(deliveries.get(0).get("state").asString()).isEqualTo("FAILED");
            assertThat(deliveries.get(0).get("attempts").size()).isEqualTo(4);
            assertThat(deliveries.get(1).get("state").asString()).isEqualTo("DELIVERED");
        });
    }

    @Test
    void nothing_is_sent_without_a_registered_webhook_and_reset_sends_nothing() {
        assertThat(http.delete("/sim/webhooks").statusCode()).isEqualTo(204);

        http.post("/sim/employees", "{\"firstName\":\"Barbara\",\"surname\":\"Liskov\"}");
        http.post("/sim/reset", "");
        http.post("/sim/webhooks", "{\"url\":\"" + receiver.url() + "\"}");
        http.post("/sim/employees", "{\"firstName\":\"Frances\",\"surname\":\"Allen\"}");

        var events = awaitEvents(1);
        assertThat(events.get(0).json().get("type").asString()).isEqualTo("employee.created");
        assertThat(json(http.get("/sim/webhooks/deliveries")).size()).isEqualTo(2);
    }

    @Test
    void a_secret_given_at_registration_signs_what_follows() {
        http.post("/sim/webhooks", "{\"url\":\"" + receiver.url() + "\",\"secret\":\"rotated-secret\"}");
        receiver.clear();

        http.post("/sim/employees", "{\"firstName\":\"Hedy\",\"surname\":\"Lamarr\"}");

        var event = awaitEvents(1).get(0);
        assertThat(event.signedWith("rotated-secret")).isTrue();
        assertThat(event.signedWith(SECRET)).isFalse();
    }

    private List<WebhookReceiver.Received> awaitEvents(int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.events().size() >= count);
        var events = receiver.events();
        assertThat(events).hasSize(count);
        return events;
    }

    private SimulatedEmployee activeReport() {
        return admin.list().stream().filter(e -> "Active".equals(e.status()) && e.managerId() != null)
                .reduce((first, second) -> second).orElseThrow();
    }

    private boolean visibleWithoutShowInactive(String id) {
        var response = http.search("{\"fields\":[\"root.id\"],\"filters\":[{\"fieldPath\":\"root.id\",\"operator\":\"equals\",\"values\":[\"" + id + "\"]}]}");
        return SimulatorHttp.employees(response).size() == 1;
    }

    private String readDepartment(String id) {
        return json(http.read(id, "{\"fields\":[\"work.department\"]}")).get("work").get("department").asString();
    }

    private static List<String> strings(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asString).toList();
    }
}
