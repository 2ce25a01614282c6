package io.hibobsync.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.hibobsync.contracts.EmployeeSnapshot;
import io.hibobsync.enrich.EnrichKafka.Sent;
import io.hibobsync.simulator.hibob.HibobSimulator;
import io.hibobsync.simulator.hibob.NewHire;
import io.hibobsync.simulator.hibob.SimulatedEmployee;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A tenant that answers the other way round from the spec's example: list values as ids, lifecycle statuses in
 * lower case, and a service user that may not read the site or termination date. And the read delay on.
 */
@SpringBootTest(properties = {
        "hibob.read-delay=2s",
        "hibob.extra-fields=work.title,about.about",
        "enrich.retry.initial-interval=200ms",
        "enrich.retry.max-interval=1s"})
@DirtiesContext
class HibobVariantsIntegrationTest {

    @RegisterExtension
    static final EnrichStack stack = EnrichStack.withHibob(3, Map.of(
            "HIBOB_SIM_DEPARTMENT_VALUE", "id",
            "HIBOB_SIM_STATUS_CASE", "lower",
            "HIBOB_SIM_FORBIDDEN_FIELDS", "work.site,internal.terminationDate"));
    private static final HibobSimulator hibob = stack.hibob();
    private static final EnrichKafka kafka = stack.kafka();

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        stack.pointAt(registry);
    }

    @Test
    void names_list_values_given_as_ids_and_leaves_out_what_the_service_user_may_not_read() {
        SimulatedEmployee lin = hibob.hire(NewHire.of("Lin", "Ids").withDepartment("Engineering")
                .withTitle("Engineer").withSite("Berlin"));

        Sent created = kafka.send("employee.created", lin.id());
        EmployeeSnapshot snapshot = kafka.awaitSnapshot(created);

        assertThat(hibob.callLog().calls("POST", "/v1/people/search")).isNotEmpty();
        assertThat(snapshot.department()).isEqualTo("Engineering");
        assertThat(snapshot.fields()).containsEntry("work.title", "Engineer");
        assertThat(snapshot.lifecycleStatus()).isEqualTo("employed");
        assertThat(snapshot.active()).isTrue();
        // Withheld by permissions: unknown, not empty, and not an error.
        assertThat(snapshot.site()).isNull();
        assertThat(snapshot.terminationDate()).isNull();
        assertThat(snapshot.fields()).doesNotContainKeys("work.site", "internal.terminationDate");
        assertThat(snapshot.fields()).containsKey("about.about");
        assertThat(kafka.deadLettersOf(lin.id())).isEmpty();
    }

    @Test
    void reads_hibob_only_once_the_read_delay_has_passed() {
        SimulatedEmployee employee = hibob.hire(NewHire.of("Patient", "Reader"));

        Sent updated = kafka.send("employee.updated", employee.id());
        EmployeeSnapshot snapshot = kafka.awaitSnapshot(updated);

        assertThat(Duration.between(updated.receivedAt(), snapshot.readAt())).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(hibob.callLog().calls("POST", "/v1/people/search").stream()
                .filter(call -> call.body().contains(employee.id())))
                .allSatisfy(call -> assertThat(call.time()).isAfterOrEqualTo(updated.receivedAt().plusSeconds(2)));
    }
}
