package io.hibobsync.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.hibobsync.contracts.EmployeeSnapshot;
import io.hibobsync.enrich.EnrichKafka.Sent;
import io.hibobsync.simulator.hibob.HibobSimulator;
import io.hibobsync.simulator.hibob.SimulatedEmployee;
import io.hibobsync.simulator.support.RecordedCall;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A HiBob whose reads lag behind its changes ({@code HIBOB_SIM_READ_LAG}: for a second after a change, reads show
 * the old value), while enrich-service reads at once (no read delay): the read that lags is read again after the
 * back-off, and the snapshot published shows the change.
 */
@SpringBootTest(properties = {
        "hibob.read-delay=0s",
        "hibob.reread-backoff=1s",
        "hibob.not-found-grace=5s",
        "enrich.retry.initial-interval=200ms",
        "enrich.retry.max-interval=1s"})
@DirtiesContext
class ReadLagIntegrationTest {

    private static final Duration LAG = Duration.ofSeconds(1);

    @RegisterExtension
    static final EnrichStack stack = EnrichStack.withHibob(3, Map.of(
            "HIBOB_SIM_READ_LAG", "1s"));
    private static final HibobSimulator hibob = stack.hibob();
    private static final EnrichKafka kafka = stack.kafka();

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        stack.pointAt(registry);
    }

    @Test
    void an_update_read_while_hibob_still_shows_the_old_value_is_read_again_and_published_with_the_new_one() {
        SimulatedEmployee employee = hibob.employees().get(1);
        // Published once: from then on enrich-service knows what it published for them.
        EmployeeSnapshot first = kafka.awaitSnapshot(kafka.send("employee.updated", employee.id()));
        String before = first.department();
        String after = "Sales".equals(before) ? "Marketing" : "Sales";

        hibob.update(employee.id(), Map.of("work.department", after));
        // fieldUpdates: ["work.department"], sent at once: the first read comes well within the lag.
        Sent updated = kafka.send("employee.updated", employee.id());
        EmployeeSnapshot snapshot = kafka.awaitSnapshot(updated);

        assertThat(snapshot.department()).isEqualTo(after);
        assertThat(kafka.snapshotsOf(employee.id())).filteredOn(published -> published.deliveryId()
                        .equals(updated.deliveryId()))
                .as("the lagging read is never published").extracting(EmployeeSnapshot::department)
                .containsOnly(after);
        List<RecordedCall> searches = hibob.callLog().calls("POST", "/v1/people/search").stream()
                .filter(call -> call.body().contains(employee.id()))
                .filter(call -> !call.time().isBefore(updated.receivedAt()))
                .toList();
        assertThat(searches).as("read at once, then again after the back-off").hasSizeGreaterThanOrEqualTo(2);
        assertThat(searches.get(0).time()).isBefore(updated.receivedAt().plus(LAG));
        assertThat(Duration.between(searches.get(0).time(), searches.get(1).time()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(snapshot.readAt()).isAfterOrEqualTo(searches.get(1).time());
        assertThat(meters.counter("enrich.rereads", "outcome", "changed").count()).isPositive();
        assertThat(kafka.deadLettersOf(employee.id())).isEmpty();
    }
}
