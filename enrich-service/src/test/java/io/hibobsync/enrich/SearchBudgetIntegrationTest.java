package io.hibobsync.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hibobsync.contracts.EmployeeSnapshot;
import io.hibobsync.enrich.EnrichKafka.Sent;
import io.hibobsync.simulator.hibob.HibobSimulator;
import io.hibobsync.simulator.hibob.SimulatedEmployee;
import io.hibobsync.simulator.support.RecordedCall;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * enrich-service's own HiBob budget: with {@code HIBOB_SEARCHES_PER_MINUTE=10}, one id per search and three consumer
 * threads, many webhooks never make more than 10 searches in any minute (the simulator's call log says when each
 * arrived), HiBob never has to answer 429, and every webhook is enriched, the last ones in the next minute.
 */
@SpringBootTest(properties = {
        "hibob.read-delay=0s",
        "hibob.searches-per-minute=" + SearchBudgetIntegrationTest.PER_MINUTE,
        "hibob.search-batch-size=1",
        "hibob.not-found-grace=2s",
        "spring.kafka.listener.concurrency=3",
        "enrich.retry.initial-interval=200ms",
        "enrich.retry.max-interval=1s"})
@DirtiesContext
class SearchBudgetIntegrationTest {

    static final int PER_MINUTE = 10;
    private static final int WEBHOOKS = 14;

    // Its HiBob would allow more searches: the limit under test is enrich-service's own.
    @RegisterExtension
    static final EnrichStack stack = EnrichStack.withHibob(20);
    private static final HibobSimulator hibob = stack.hibob();
    private static final EnrichKafka kafka = stack.kafka();

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        stack.pointAt(registry);
    }

    @Test
    void many_webhooks_never_make_more_searches_a_minute_than_the_budget_and_all_are_enriched() {
        List<SimulatedEmployee> employees = hibob.employees().subList(0, WEBHOOKS);
        List<Sent> sent = employees.stream().map(employee -> kafka.send("employee.updated", employee.id())).toList();
        Set<String> deliveries = sent.stream().map(Sent::deliveryId).collect(Collectors.toSet());

        // The budget is used up within the first minute, and shown as such.
        await().atMost(EnrichKafka.WAIT).until(() -> meters.get("hibob.search.budget.remaining").gauge().value() == 0);
        List<EmployeeSnapshot> snapshots = kafka.snapshots(snapshot -> deliveries.contains(snapshot.deliveryId()),
                WEBHOOKS, Duration.ofSeconds(120));

        assertThat(snapshots).extracting(EmployeeSnapshot::deliveryId).containsExactlyInAnyOrderElementsOf(deliveries);
        List<RecordedCall> searches = hibob.callLog().calls("POST", "/v1/people/search");
        assertThat(searches).as("more searches than one minute allows were needed").hasSizeGreaterThan(PER_MINUTE);
        assertThat(searches).as("HiBob never had to refuse one").allSatisfy(call ->
                assertThat(call.status()).isEqualTo(200));
        List<Instant> times = searches.stream().map(RecordedCall::time).sorted().toList();
        for (Instant start : times) {
            long inTheMinute = times.stream()
                    .filter(time -> !time.isBefore(start) && time.isBefore(start.plus(Duration.ofSeconds(60))))
                    .count();
            assertThat(inTheMinute).as("searches in the minute from %s", start).isLessThanOrEqualTo(PER_MINUTE);
        }
        assertThat(meters.counter("hibob.search.budget.exhausted").count()).isPositive();
        employees.forEach(employee -> assertThat(kafka.deadLettersOf(employee.id())).isEmpty());
    }
}
