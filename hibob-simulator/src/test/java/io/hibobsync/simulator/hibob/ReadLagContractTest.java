package io.hibobsync.simulator.hibob;

import static io.hibobsync.simulator.hibob.SimulatorHttp.employees;
import static io.hibobsync.simulator.hibob.SimulatorHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hibobsync.kafka.test.MutableClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import tools.jackson.databind.JsonNode;

/**
 * {@code HIBOB_SIM_READ_LAG}: for that long after a change the API reads the employee as before it, while the
 * webhook leaves at once. The simulator runs on a clock the test moves, so the lag is crossed without waiting.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=hibob-simulator",
        "hibob.simulator.seed-employees=5",
        "HIBOB_SIM_READ_LAG=20s"})
class ReadLagContractTest extends ContractTestSupport {

    static final Duration LAG = Duration.ofSeconds(20);
    static final MutableClock CLOCK = new MutableClock(Instant.now());

    @RegisterExtension
    static final WebhookReceiver receiver = WebhookReceiver.start();

    @TestConfiguration
    static class TestClock {
        @Bean
        @Primary
        MutableClock readLagTestClock() {
            return CLOCK;
        }
    }

    @BeforeEach
    void setUp() {
        receiver.clear();
    }

    @Test
    void a_read_within_the_lag_returns_the_old_value_and_after_it_the_new_one_while_the_webhook_leaves_at_once() {
        String id = admin.list().get(1).id();
        String before = department(read(id));
        String after = before.equals("Sales") ? "Marketing" : "Sales";
        http.post("/sim/webhooks", "{\"url\":\"" + receiver.url() + "\"}");

        var changed = http.patch("/sim/employees/" + id, "{\"fields\":{\"work.department\":\"" + after + "\"}}");

        assertThat(changed.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.eventTypes().contains("employee.updated"));
        assertThat(department(read(id))).as("single read within the lag").isEqualTo(before);
        assertThat(department(searchOne(id))).as("search within the lag").isEqualTo(before);
        assertThat(json(http.get("/sim/employees/" + id)).get("fields").get("work.department").asString())
                .as("the admin API sees the truth").isEqualTo(after);

        CLOCK.advance(LAG.minusSeconds(1));
        assertThat(department(read(id))).isEqualTo(before);

        CLOCK.advance(Duration.ofSeconds(1));
        assertThat(department(read(id))).as("single read after the lag").isEqualTo(after);
        assertThat(department(searchOne(id))).as("search after the lag").isEqualTo(after);
    }

    @Test
    void each_change_shows_once_the_lag_has_passed_since_it_was_made() {
        String id = admin.list().get(2).id();
        String original = title(read(id));
        admin.update(id, Map.of("work.title", "First"), null);
        CLOCK.advance(Duration.ofSeconds(10));
        admin.update(id, Map.of("work.title", "Second"), null);

        assertThat(title(read(id))).isEqualTo(original);

        CLOCK.advance(Duration.ofSeconds(10));
        assertThat(title(read(id))).isEqualTo("First");

        CLOCK.advance(Duration.ofSeconds(10));
        assertThat(title(read(id))).isEqualTo("Second");
    }

    @Test
    void a_new_hire_is_not_visible_within_the_lag() {
        var hire = admin.hire(NewHire.of("Ada", "Lovelace").withEmail("ada@example.org"));
        String id = hire.employee().id();

        assertThat(http.read(id, "{}").statusCode()).isEqualTo(404);
        assertThat(http.read("ada@example.org", "{}").statusCode()).isEqualTo(404);
        assertThat(ids(http.search("{\"fields\":[\"root.id\"],\"showInactive\":true}"))).doesNotContain(id).hasSize(5);

        CLOCK.advance(LAG);

        assertThat(http.read("ada@example.org", "{\"fields\":[\"root.id\"]}").statusCode()).isEqualTo(200);
        assertThat(ids(http.search("{\"fields\":[\"root.id\"],\"showInactive\":true}"))).contains(id).hasSize(6);
    }

    @Test
    void a_termination_and_a_deletion_show_only_after_the_lag() {
        var employed = admin.list().stream().filter(employee -> "Employed".equals(employee.lifecycleStatus()))
                .map(SimulatedEmployee::id).toList();
        String leaver = employed.get(employed.size() - 1);
        String deleted = employed.get(employed.size() - 2);
        String status = "{\"fields\":[\"internal.status\",\"internal.lifecycleStatus\"]}";
        String statusBefore = json(http.read(leaver, status)).get("internal").get("lifecycleStatus").asString();

        admin.terminate(leaver, null, null);
        admin.delete(deleted, null);

        assertThat(json(http.read(leaver, status)).get("internal").get("lifecycleStatus").asString()).isEqualTo(statusBefore);
        assertThat(http.read(deleted, status).statusCode()).as("still readable within the lag").isEqualTo(200);

        CLOCK.advance(LAG);

        assertThat(json(http.read(leaver, status)).get("internal").get("lifecycleStatus").asString()).isEqualTo("Terminated");
        assertThat(http.read(deleted, status).statusCode()).isEqualTo(404);
    }

    @Test
    void the_search_limit_defaults_to_hibobs_50_a_minute() {
        var answer = http.search("{\"fields\":[\"root.id\"]}");

        assertThat(answer.headers().firstValue("X-RateLimit-Limit")).contains("50");
        assertThat(answer.headers().firstValue("X-RateLimit-Remaining")).contains("49");
        assertThat(answer.headers().firstValue("X-RateLimit-Reset")).isPresent();
    }

    private JsonNode read(String id) {
        var answer = http.read(id, "{\"fields\":[\"root.id\",\"work.department\",\"work.title\"]}");
        assertThat(answer.statusCode()).isEqualTo(200);
        return json(answer);
    }

    private JsonNode searchOne(String id) {
        var answer = http.search("{\"fields\":[\"root.id\",\"work.department\"],\"showInactive\":true,"
                + "\"filters\":[{\"fieldPath\":\"root.id\",\"operator\":\"equals\",\"values\":[\"" + id + "\"]}]}");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(employees(answer).size()).isEqualTo(1);
        return employees(answer).get(0);
    }

    private static List<String> ids(HttpResponse<String> search) {
        return employees(search).valueStream().map(employee -> employee.get("id").asString()).toList();
    }

    private static String department(JsonNode employee) {
        return employee.get("work").get("department").asString();
    }

    private static String title(JsonNode employee) {
        JsonNode title = employee.get("work").get("title");
        return title == null || title.isNull() ? null : title.asString();
    }
}
