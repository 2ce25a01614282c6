package io.hibobsync.simulator.hibob;

import static io.hibobsync.simulator.hibob.SimulatorHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hibobsync.simulator.hibob.admin.EmployeeAdmin;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The other readings of the spec's guesses (list values by id, lower-case lifecycle status, fieldUpdates as
 * objects), on a tenant whose webhook is configured from the start, with a custom service user and secret.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=hibob-simulator",
        "HIBOB_SIM_SEED_EMPLOYEES=12",
        "HIBOB_SIM_DEPARTMENT_VALUE=id",
        "HIBOB_SIM_STATUS_CASE=lower",
        "HIBOB_SIM_FIELD_UPDATES_FORMAT=objects",
        "HIBOB_SIM_SERVICE_USER_ID=other-user",
        "HIBOB_SIM_SERVICE_USER_TOKEN=other-token",
        "HIBOB_SIM_WEBHOOK_SECRET=configured-secret",
        "HIBOB_SIM_COMPANY_ID=777"})
class TenantVariantsContractTest {

    @RegisterExtension
    static final WebhookReceiver receiver = WebhookReceiver.start();

    @LocalServerPort
    int port;

    @Autowired
    EmployeeAdmin admin;

    @DynamicPropertySource
    static void webhookUrl(DynamicPropertyRegistry registry) {
        registry.add("HIBOB_SIM_WEBHOOK_URL", receiver::url);
    }

    @Test
    void list_values_come_as_ids_with_names_in_human_readable_form_and_statuses_in_lower_case() {
        var http = new SimulatorHttp("http://localhost:" + port);
        var someone = admin.list().stream().filter(e -> "Active".equals(e.status())).skip(1).findFirst().orElseThrow();
        String departmentName = (String) someone.field("work.department");
        String departmentId = itemId(json(http.get("/sim/lists")).get("departments"), departmentName);

        var response = http.postAs(SimulatorHttp.basic("other-user", "other-token"), "/v1/people/" + someone.id(),
                "{\"fields\":[\"work.department\",\"internal.lifecycleStatus\"],\"humanReadable\":\"APPEND\"}");

        var employee = json(response);
        assertThat(employee.get("work").get("department").asString()).isEqualTo(departmentId).matches("\\d+");
        assertThat(employee.get("humanReadable").get("work").get("department").asString()).isEqualTo(departmentName);
        assertThat(employee.get("internal").get("lifecycleStatus").asString()).isEqualTo("employed");
        assertThat(employee.get("humanReadable").get("internal").get("lifecycleStatus").asString()).isEqualTo("Employed");
        assertThat(http.search("{\"fields\":[\"root.id\"]}").statusCode()).as("the default user is not this tenant's").isEqualTo(401);
    }

    @Test
    void seeding_sends_no_webhooks_and_field_updates_come_as_objects_to_the_configured_url() {
        var someone = admin.list().get(2);

        admin.update(someone.id(), java.util.Map.of("work.title", "Principal"), null);

        // Delivery is in order, so a webhook from seeding would have arrived before this one.
        await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.received().isEmpty());
        var received = receiver.received();
        assertThat(received).hasSize(1);
        assertThat(received.get(0).signedWith("configured-secret")).isTrue();
        var envelope = received.get(0).json();
        assertThat(envelope.get("companyId").asLong()).isEqualTo(777L);
        var fieldUpdate = envelope.get("data").get("fieldUpdates").get(0);
        assertThat(fieldUpdate.get("fieldId").asString()).isEqualTo("work.title");
        assertThat(fieldUpdate.get("fieldPath").asString()).isEqualTo("/work/title");
    }

    private static String itemId(tools.jackson.databind.JsonNode items, String name) {
        for (var item : items) {
            if (item.get("name").asString().equals(name)) {
                return item.get("id").asString();
            }
        }
        throw new AssertionError("no list item named " + name);
    }
}
