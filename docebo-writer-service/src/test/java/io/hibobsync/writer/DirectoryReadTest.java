package io.hibobsync.writer;

import static io.hibobsync.writer.Snapshot.employee;
import static org.assertj.core.api.Assertions.assertThat;

import io.hibobsync.contracts.SyncOutcome;
import io.hibobsync.contracts.SyncOutcome.Action;
import io.hibobsync.simulator.docebo.DoceboSimulator;
import io.hibobsync.simulator.docebo.SeedUser;
import io.hibobsync.simulator.support.RecordedCall;
import io.hibobsync.writer.sync.UserSync;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** When the writer reads Docebo's whole user list instead of searching each employee it has no link for. */
class DirectoryReadTest {

    // Three users a page: reading the list of the seeded users takes several calls.
    private static final DoceboSimulator docebo = DoceboSimulator.start(Map.of("DOCEBO_SIM_BATCH_PROCESSING_MS", 0,
            "DOCEBO_SIM_MAX_PAGE_SIZE", 3));

    @AfterAll
    static void stopDocebo() {
        docebo.close();
    }

    @BeforeEach
    void someUsersInDocebo() {
        docebo.reset();
        for (int i = 0; i < 7; i++) {
            docebo.seedUser(SeedUser.of("employee.70" + i + "@example.com", "employee.70" + i + "@example.com"));
        }
        docebo.callLog().clear();
    }

    @Test
    void a_new_installation_reads_the_list_for_a_poll_of_several_unknown_employees() {
        UserSync sync = TestWriter.against(docebo).build();

        List<SyncOutcome> outcomes = Polls.apply(sync, List.of(employee("700").build(), employee("701").build(),
                employee("799").build()));

        assertThat(outcomes).extracting(SyncOutcome::action)
                .containsExactlyInAnyOrder(Action.UPDATED, Action.UPDATED, Action.CREATED);
        assertThat(searches()).isZero();
        assertThat(listPages()).isEqualTo(3);
    }

    @Test
    void a_single_change_searches_even_on_a_new_installation_and_a_known_company_searches_below_the_threshold() {
        TestWriter writer = TestWriter.against(docebo);
        UserSync sync = writer.build();

        Polls.apply(sync, employee("700").build());
        assertThat(searches()).isEqualTo(1);
        assertThat(listPages()).isZero();

        // The writer owns a user now: a few more unknown employees are searched, as long as the threshold allows.
        Polls.apply(sync, List.of(employee("701").build(), employee("702").build()));
        assertThat(searches()).isEqualTo(3);
        assertThat(listPages()).isZero();
    }

    private static long searches() {
        return userReads().stream().filter(call -> call.query() != null && call.query().contains("search_text")).count();
    }

    private static long listPages() {
        return userReads().stream().filter(call -> call.query() == null || !call.query().contains("search_text")).count();
    }

    private static List<RecordedCall> userReads() {
        return docebo.callLog().calls().stream()
                .filter(call -> call.method().equals("GET") && call.path().equals("/manage/v1/user")).toList();
    }
}
