package io.hibobsync.writer;

import static io.hibobsync.writer.Snapshot.employee;
import static org.assertj.core.api.Assertions.assertThat;

import io.hibobsync.contracts.ConfigurationAlert;
import io.hibobsync.contracts.EmployeeSnapshot;
import io.hibobsync.contracts.HeldAction;
import io.hibobsync.contracts.SyncOutcome;
import io.hibobsync.contracts.SyncOutcome.Action;
import io.hibobsync.simulator.docebo.DoceboSimulator;
import io.hibobsync.writer.sync.AppliedEmployee;
import io.hibobsync.writer.sync.DeactivationBrake;
import io.hibobsync.writer.sync.UserSync;
import io.hibobsync.writer.sync.WriterMemory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The safety brake's rules against the Docebo simulator (no Kafka): what proceeds, what is held, what releases. */
class SafetyBrakeTest {

    private static final DoceboSimulator docebo = DoceboSimulator.start(Map.of("DOCEBO_SIM_BATCH_PROCESSING_MS", 0));
    private static final AtomicLong ids = new AtomicLong(7772883854254930000L);

    private final List<ConfigurationAlert> alerts = new ArrayList<>();
    private WriterMemory memory;
    private DeactivationBrake brake;
    private UserSync sync;

    @AfterAll
    static void stopDocebo() {
        docebo.close();
    }

    @BeforeEach
    void freshWriter() {
        docebo.reset();
        alerts.clear();
        TestWriter writer = TestWriter.against(docebo).brake(10, 5, alerts::add);
        sync = writer.build();
        memory = writer.memory;
        brake = writer.brake;
    }

    @Test
    void fifty_terminations_in_a_500_person_company_deactivate_25_and_hold_the_rest_with_one_alert() {
        Instant hired = Instant.now();
        List<String> leavers = hire(50, hired);
        ownMore(450);
        assertThat(brake.threshold()).as("the larger of 10 and 5 % of 500").isEqualTo(25);

        List<SyncOutcome> outcomes = apply(leavers.stream()
                .map(id -> employee(id).readAt(hired.plusSeconds(10)).active(false, "Terminated").event("employee.left")
                        .build()).toList());

        assertThat(outcomes).filteredOn(outcome -> outcome.action() == Action.DEACTIVATED).hasSize(25);
        assertThat(outcomes).filteredOn(outcome -> outcome.action() == Action.HELD).hasSize(25)
                .allSatisfy(outcome -> assertThat(outcome.detail()).contains("safety brake").contains("sync-replay held"));
        assertThat(brake.heldActions()).hasSize(25);
        assertThat(docebo.users().stream().filter(user -> !user.active())).hasSize(25);
        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.kind()).isEqualTo(ConfigurationAlert.Kind.HELD);
            assertThat(alert.resolved()).isFalse();
            assertThat(alert.status()).isEqualTo(25);
            assertThat(alert.message()).contains("permission change");
        });

        // Within the same hour every further deactivation is held too, without a second alert.
        String another = hire(1, hired.plusSeconds(20)).get(0);
        assertThat(apply(List.of(employee(another).readAt(hired.plusSeconds(30)).active(false, "Terminated").build())))
                .extracting(SyncOutcome::action).containsExactly(Action.HELD);
        assertThat(alerts).hasSize(1);
    }

    @Test
    void approving_applies_exactly_the_held_set_and_resolves_the_alert() {
        Instant hired = Instant.now();
        List<String> leavers = hire(15, hired);
        apply(leavers.stream().map(id -> employee(id).readAt(hired.plusSeconds(5)).active(false, "Terminated").build())
                .toList());
        List<HeldAction> held = List.copyOf(brake.heldActions());
        assertThat(held).hasSize(5);

        List<SyncOutcome> approved = new ArrayList<>();
        sync.applyApproved(held.stream().map(HeldAction::snapshot).toList(), collect(approved));
        held.forEach(action -> brake.release(action.employeeId(), "approved by test"));

        assertThat(approved).extracting(SyncOutcome::action).containsOnly(Action.DEACTIVATED).hasSize(5);
        assertThat(docebo.users().stream().filter(user -> !user.active())).hasSize(15);
        assertThat(brake.heldActions()).isEmpty();
        assertThat(alerts).extracting(ConfigurationAlert::resolved).containsExactly(false, true);
    }

    @Test
    void a_newer_change_supersedes_a_held_deactivation_and_an_older_one_does_not() {
        Instant hired = Instant.now();
        List<String> leavers = hire(11, hired);
        apply(leavers.stream().map(id -> employee(id).readAt(hired.plusSeconds(5)).active(false, "Terminated").build())
                .toList());
        String held = brake.heldActions().iterator().next().employeeId();

        assertThat(apply(List.of(employee(held).readAt(hired.plusSeconds(1)).build())))
                .extracting(SyncOutcome::action).containsExactly(Action.STALE);
        assertThat(brake.held(held)).isPresent();

        // HR undoes the termination: HiBob says Active again, read after the held snapshot.
        assertThat(apply(List.of(employee(held).readAt(hired.plusSeconds(9)).build())))
                .extracting(SyncOutcome::action).containsExactly(Action.UNCHANGED);
        assertThat(brake.held(held)).isEmpty();
        assertThat(docebo.user("employee." + held + "@example.com").orElseThrow().active()).isTrue();
    }

    private List<String> hire(int count, Instant readAt) {
        List<EmployeeSnapshot> hires = new ArrayList<>();
        List<String> hired = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = String.valueOf(ids.incrementAndGet());
            hired.add(id);
            hires.add(employee(id).readAt(readAt).build());
        }
        assertThat(apply(hires)).extracting(SyncOutcome::action).containsOnly(Action.CREATED);
        return hired;
    }

    /** Users the sync owns besides the ones these tests change: what the percentage is of. */
    private void ownMore(int count) {
        for (int i = 0; i < count; i++) {
            String id = String.valueOf(ids.incrementAndGet());
            memory.restore(id, new AppliedEmployee(id, "owned-" + id, Instant.now(), null, false, null));
        }
    }

    private List<SyncOutcome> apply(List<EmployeeSnapshot> snapshots) {
        List<SyncOutcome> outcomes = new ArrayList<>();
        sync.apply(snapshots, collect(outcomes));
        return outcomes;
    }

    private static UserSync.Results collect(List<SyncOutcome> outcomes) {
        return new UserSync.Results() {
            @Override
            public void applied(EmployeeSnapshot employee, SyncOutcome outcome) {
                outcomes.add(outcome);
            }

            @Override
            public void refused(EmployeeSnapshot employee, RuntimeException reason) {
                throw new AssertionError("refused " + employee.employeeId() + ": " + reason.getMessage(), reason);
            }
        };
    }
}
