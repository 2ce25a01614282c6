package io.hibobsync.writer;

import static io.hibobsync.writer.Polls.apply;
import static io.hibobsync.writer.Snapshot.employee;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hibobsync.contracts.SyncOutcome;
import io.hibobsync.contracts.SyncOutcome.Action;
import io.hibobsync.simulator.docebo.DoceboSimulator;
import io.hibobsync.writer.mapping.EmployeeScope;
import io.hibobsync.writer.sync.UserSync;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** SYNC_SCOPE: who the sync manages; the rest is never created, and a linked user who leaves it is deactivated. */
class ScopeTest {

    private static final DoceboSimulator docebo = DoceboSimulator.start(Map.of("DOCEBO_SIM_BATCH_PROCESSING_MS", 0));

    @AfterAll
    static void stopDocebo() {
        docebo.close();
    }

    @Test
    void reads_conditions_that_must_all_hold_each_with_alternatives_ignoring_case() {
        EmployeeScope scope = EmployeeScope.parse("department=Engineering|sales; email-domain=Example.com");

        assertThat(scope.includes(employee("1").department("Sales").build())).isTrue();
        assertThat(scope.includes(employee("2").department("Finance").build())).isFalse();
        assertThat(scope.includes(employee("3").department("Engineering").email("a@other.org").build())).isFalse();
        assertThat(EmployeeScope.parse("work.title=Engineer").includes(employee("4").field("work.title", "engineer")
                .build())).isTrue();
        assertThat(EmployeeScope.parse("").isEveryone()).isTrue();
    }

    @Test
    void refuses_a_setting_it_cannot_read_naming_the_variable() {
        assertThatThrownBy(() -> EmployeeScope.parse("departments Engineering")).hasMessageContaining("SYNC_SCOPE");
        assertThatThrownBy(() -> EmployeeScope.parse("colour=blue")).hasMessageContaining("SYNC_SCOPE");
        assertThatThrownBy(() -> EmployeeScope.parse("department=")).hasMessageContaining("SYNC_SCOPE");
    }

    @Test
    void never_creates_an_employee_out_of_scope_and_deactivates_one_who_leaves_it() {
        UserSync sync = writer(EmployeeScope.parse("department=Engineering"));
        Instant now = Instant.now();

        assertThat(apply(sync, employee("5001").department("Sales").readAt(now).build()).action())
                .isEqualTo(Action.UNCHANGED);
        assertThat(docebo.user("employee.5001@example.com")).isEmpty();

        assertThat(apply(sync, employee("5002").department("Engineering").readAt(now).build()).action())
                .isEqualTo(Action.CREATED);
        SyncOutcome left = apply(sync, employee("5002").department("Sales").readAt(now.plusSeconds(1)).build());

        assertThat(left.action()).isEqualTo(Action.DEACTIVATED);
        assertThat(left.detail()).contains("left the sync's scope");
        assertThat(docebo.user("employee.5002@example.com").orElseThrow().active()).isFalse();
    }

    private static UserSync writer(EmployeeScope scope) {
        return TestWriter.against(docebo).scope(scope).build();
    }
}
