package io.hibobsync.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hibobsync.simulator.docebo.DoceboSimulator;
import io.hibobsync.simulator.docebo.DoceboUser;
import io.hibobsync.simulator.hibob.HibobSimulator;
import io.hibobsync.simulator.hibob.SimulatedEmployee;
import io.hibobsync.simulator.support.RecordedCall;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bringing an existing company in, as the README tells a newcomer to: HiBob holds 50 employees, Docebo none of
 * them; {@code sync-replay full-sync --plan} shows what would happen and writes nothing, {@code full-sync} does it,
 * through the shipped jars.
 */
class FullSyncEndToEndTest {

    private static final String BRANCHES = "Engineering=ENG,Sales=SALES,Marketing=MKT,People=HR,Finance=FIN,"
            + "Operations=OPS";

    private static final Map<String, String> BRANCH_OF = Map.of("Engineering", "ENG", "Sales", "SALES", "Marketing",
            "MKT", "People", "HR", "Finance", "FIN", "Operations", "OPS");

    private static SyncStack stack;
    private static HibobSimulator hibob;
    private static DoceboSimulator docebo;
    private static SyncReplayJar syncReplay;

    @BeforeAll
    static void startTheProduct() throws Exception {
        stack = SyncStack.start(SyncStack.named("full-sync")
                .hibob(Map.of("HIBOB_SIM_SEED_EMPLOYEES", 50))
                .docebo(Map.of("DOCEBO_SIM_BATCH_PROCESSING_MS", 0))
                .service(SyncStack.ENRICH)
                .service(SyncStack.WRITER, Map.of("DOCEBO_DEPARTMENT_BRANCHES", BRANCHES)));
        hibob = stack.hibob;
        docebo = stack.docebo;
        syncReplay = new SyncReplayJar(stack.bootstrapServers());
    }

    @AfterAll
    static void stopTheProduct() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void a_plan_shows_every_seeded_employee_writes_nothing_and_the_run_brings_them_all_in() throws Exception {
        List<SimulatedEmployee> company = hibob.employees();
        int usersBefore = docebo.users().size();

        SyncReplayJar.Result plan = syncReplay.run("full-sync", "--plan", "--wait", "3m");

        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
        assertThat(plan.out()).contains("create", String.valueOf(company.size())).contains("Nothing was written");
        assertThat(docebo.users()).as("a plan writes nothing").hasSize(usersBefore);
        assertThat(writes()).isZero();

        SyncReplayJar.Result run = syncReplay.run("full-sync", "--wait", "3m");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        await().atMost(Duration.ofSeconds(60)).until(() -> docebo.users().size() == usersBefore + company.size());
        for (SimulatedEmployee employee : company) {
            DoceboUser user = docebo.user(employee.email().toLowerCase()).orElseThrow(
                    () -> new AssertionError("no Docebo user for " + employee.email()));
            assertThat(user.active()).as(employee.email()).isEqualTo("Active".equalsIgnoreCase(employee.status()));
            String branch = BRANCH_OF.get(String.valueOf(employee.field("work.department")));
            if (branch != null) {
                assertThat(user.branches()).as(employee.email()).contains(branch);
            }
            Optional<String> manager = Optional.ofNullable(employee.managerId()).flatMap(hibob::employee)
                    .map(SimulatedEmployee::email);
            manager.ifPresent(email -> assertThat(user.directManager()).as(employee.email())
                    .isEqualToIgnoringCase(email));
        }
        assertThat(hibob.callLog().calls("POST", "/v1/people/search")).as("HiBob searches: one per run").hasSize(2);

        // Running it again changes nothing.
        int writesAfterRun = writes();
        SyncReplayJar.Result again = syncReplay.run("full-sync", "--wait", "3m");
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(writes()).as("Docebo writes of a second run").isEqualTo(writesAfterRun);
    }

    private static int writes() {
        List<RecordedCall> calls = docebo.callLog().calls();
        return (int) calls.stream().filter(call -> !call.method().equals("GET") && !call.path().startsWith("/oauth2"))
                .count();
    }
}
