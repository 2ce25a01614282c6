package io.hibobsync.simulator.hibob;

import static io.hibobsync.simulator.hibob.SimulatorHttp.employees;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** {@link HibobSimulator}, the way another module's test uses it. */
class EmbeddedHibobSimulatorTest {

    static HibobSimulator hibob;
    static WebhookReceiver receiver;

    @BeforeAll
    static void start() throws Exception {
        receiver = new WebhookReceiver();
        hibob = HibobSimulator.start(Map.of(
                "HIBOB_SIM_SEED_EMPLOYEES", 5,
                "hibob.simulator.webhook.initial-backoff", "50ms",
                // Stands for the caller's own auto-configuration, which must not reach the simulator.
                "poison.enabled", true));
    }

    @AfterAll
    static void stop() {
        hibob.close();
        receiver.close();
    }

    @Test
    void starts_on_a_random_port_and_serves_the_api_with_the_configured_service_user() {
        var http = new SimulatorHttp(hibob.baseUrl());

        var response = http.postAs(SimulatorHttp.basic(hibob.serviceUserId(), hibob.serviceUserToken()),
                "/v1/people/search", "{\"fields\":[\"root.id\"],\"showInactive\":true}");

        assertThat(hibob.port()).isPositive().isNotEqualTo(8090);
        assertThat(hibob.apiUrl()).isEqualTo(hibob.baseUrl() + "/v1");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(employees(response).size()).isEqualTo(5);
        assertThat(hibob.employees()).hasSize(5);
        assertThat(hibob.companyId()).isEqualTo(636192L);
    }

    @Test
    void the_poison_would_break_an_app_that_enabled_every_auto_configuration() {
        // Proves the test above can fail: the full auto-configuration does pick the poison up.
        assertThatThrownBy(() -> new SpringApplicationBuilder(HibobSimulatorApplication.class)
                .properties("spring.config.name=" + HibobSimulatorApplication.CONFIG_NAME)
                .run("--server.port=0", "--poison.enabled=true",
                        "--logging.level.org.springframework.boot.SpringApplication=off").close())
                .hasStackTraceContaining("the caller's auto-configuration leaked into the simulator");
    }

    @Test
    void two_simulators_run_side_by_side() {
        try (var other = HibobSimulator.start(Map.of("hibob.simulator.seed-employees", 2))) {
            assertThat(other.port()).isNotEqualTo(hibob.port());
            assertThat(other.employees()).hasSize(2);
        }
    }

    @Test
    void a_read_lag_is_set_by_its_variable_name_and_ends_on_its_own() {
        try (var lagging = HibobSimulator.start(Map.of("HIBOB_SIM_SEED_EMPLOYEES", 2, "HIBOB_SIM_READ_LAG", "2s"))) {
            var http = new SimulatorHttp(lagging.baseUrl());
            String id = lagging.employees().get(1).id();
            String body = "{\"fields\":[\"work.department\"]}";
            String before = (String) lagging.employee(id).orElseThrow().field("work.department");
            String after = "Sales".equals(before) ? "Marketing" : "Sales";

            lagging.update(id, Map.of("work.department", after));

            assertThat(lagging.employee(id).orElseThrow().field("work.department")).isEqualTo(after);
            assertThat(department(http.read(id, body))).as("within the lag").isEqualTo(before);
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(department(http.read(id, body))).isEqualTo(after));
        }
    }

    private static String department(java.net.http.HttpResponse<String> read) {
        return SimulatorHttp.json(read).path("work").path("department").asString();
    }

    @Test
    void admin_operations_send_their_webhooks_in_order() {
        hibob.reset();
        receiver.clear();
        assertThat(hibob.registerWebhook(receiver.url()).reachable()).isTrue();

        var ada = hibob.hire(NewHire.of("Ada", "Lovelace").withEmail("ada@example.org").withDepartment("Engineering")
                .withSite("London").withManager(hibob.employees().get(0).id()).withStartDate(LocalDate.now().plusDays(3)));
        hibob.startEmployee(ada.id());
        hibob.update(ada.id(), Map.of("work.title", "Analyst"));
        hibob.terminate(ada.id());
        hibob.rehire(ada.id());
        hibob.delete(ada.id());

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.eventTypes().size() == 8);
        assertThat(receiver.eventTypes()).containsExactly("employee.created", "employee.joined", "employee.updated",
                "employee.left", "employee.inactivated", "employee.updated", "employee.activated", "employee.deleted");
        assertThat(receiver.events()).allSatisfy(event -> assertThat(event.signedWith(hibob.webhookSecret())).isTrue());
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(hibob.webhookDeliveries())
                .filteredOn(delivery -> !delivery.type().equals("ping"))
                .hasSize(8)
                .allSatisfy(delivery -> assertThat(delivery.state()).isEqualTo(WebhookDelivery.State.DELIVERED)));
        assertThat(hibob.employee("ada@example.org")).isEmpty();
    }

    @Test
    void each_webhook_can_be_sent_three_times_employees_interleaved_each_in_its_own_order() {
        hibob.reset();
        receiver.clear();
        assertThat(hibob.registerWebhook(receiver.url()).reachable()).isTrue();
        receiver.clear();
        hibob.deliverEachWebhook(3, new java.util.Random(7));
        // The receiver refuses until every change is made, so that all 120 deliveries wait together.
        receiver.answerAlways(503);

        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(hibob.hire(NewHire.of("Copy", "Number" + i)).id());
        }
        ids.forEach(id -> hibob.update(id, Map.of("work.title", "Analyst")));
        receiver.answerAlways(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> accepted().size() == 120);
        List<String> employeesInArrivalOrder = accepted().stream()
                .map(event -> event.json().path("data").path("employeeId").asString()).toList();
        for (String id : ids) {
            List<String> own = accepted().stream()
                    .filter(event -> id.equals(event.json().path("data").path("employeeId").asString()))
                    .map(WebhookReceiver.Received::type).toList();
            assertThat(own).as("employee %s, in order, three times each", id).containsExactly("employee.created",
                    "employee.created", "employee.created", "employee.updated", "employee.updated", "employee.updated");
        }
        List<String> inTheOrderOfTheChanges = java.util.stream.Stream.concat(ids.stream(), ids.stream())
                .flatMap(id -> java.util.stream.Stream.of(id, id, id)).toList();
        assertThat(employeesInArrivalOrder).as("interleaved").isNotEqualTo(inTheOrderOfTheChanges);
        assertThat(hibob.webhookDeliveries()).filteredOn(delivery -> !delivery.type().equals("ping")).hasSize(120)
                .allSatisfy(delivery -> assertThat(delivery.state()).isEqualTo(WebhookDelivery.State.DELIVERED));

        hibob.reset();
        assertThat(hibob.registerWebhook(receiver.url()).reachable()).isTrue();
        receiver.clear();
        hibob.hire(NewHire.of("Once", "Again"));
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.events().size() == 1);
    }

    /** The webhooks the receiver answered 200 to, in the order they came. */
    private static List<WebhookReceiver.Received> accepted() {
        return receiver.events().stream().filter(event -> event.answeredStatus() == 200).toList();
    }

    @Test
    void faults_and_call_log_are_reachable_from_java() {
        hibob.reset();
        var http = new SimulatorHttp(hibob.baseUrl());
        hibob.faults().failNext(503, 1);

        var failed = http.search("{\"fields\":[\"root.id\"]}");
        var ok = http.postAs(SimulatorHttp.basic(hibob.serviceUserId(), hibob.serviceUserToken()),
                "/v1/people/search", "{\"fields\":[\"root.id\"]}");

        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(hibob.callLog().calls("POST", "/v1/people/search")).extracting(call -> call.status())
                .containsExactly(503, 200);
    }

    @Test
    void a_closed_simulator_stops_listening() {
        var other = HibobSimulator.start(Map.of("hibob.simulator.seed-employees", 1));
        var http = new SimulatorHttp(other.baseUrl());

        other.close();

        assertThatThrownBy(() -> http.get("/sim/employees")).isInstanceOf(UncheckedIOException.class);
    }
}
