package io.hibobsync.writer;

import static io.hibobsync.writer.Snapshot.employee;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hibobsync.contracts.DeadLetterHeaders;
import io.hibobsync.contracts.EmployeeSnapshot;
import io.hibobsync.contracts.PlanEntry;
import io.hibobsync.contracts.RunEnd;
import io.hibobsync.contracts.SyncOutcome;
import io.hibobsync.contracts.SyncOutcome.Action;
import io.hibobsync.simulator.docebo.DoceboSimulator;
import io.hibobsync.simulator.docebo.DoceboUser;
import io.hibobsync.simulator.docebo.SeedUser;
import io.hibobsync.simulator.support.RecordedCall;
import io.hibobsync.writer.mapping.EmployeeScope;
import io.hibobsync.writer.sync.IdentityConflictException;
import io.hibobsync.writer.sync.ProtectedAccountException;
import io.hibobsync.writer.sync.RefusedChangeException;
import io.hibobsync.writer.sync.UserSync;
import io.hibobsync.writer.sync.WriterMemory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The writer's identity decisions, one case each, against the Docebo simulator (no Kafka: these are the rules,
 * the integration tests prove the wiring). "Nothing written" is checked on the simulator's call log.
 */
class IdentityRulesTest {

    private static final DoceboSimulator docebo = DoceboSimulator.start(Map.of("DOCEBO_SIM_BATCH_PROCESSING_MS", 0));
    private static final AtomicLong ids = new AtomicLong(4442883854254930000L);

    private WriterMemory memory;
    private UserSync sync;

    @AfterAll
    static void stopDocebo() {
        docebo.close();
    }

    @BeforeEach
    void freshWriter() {
        docebo.reset();
        memory = new WriterMemory((employeeId, state) -> { });
        sync = writer(memory, "delete");
    }

    /** One poll of snapshots, as the listener applies it: outcomes and refusals (which it would dead-letter). */
    private static void apply(UserSync sync, List<EmployeeSnapshot> poll, List<SyncOutcome> outcomes,
            List<RuntimeException> refusals) {
        sync.apply(poll, collecting(outcomes, refusals));
    }

    private static UserSync.Results collecting(List<SyncOutcome> outcomes, List<RuntimeException> refusals) {
        return new UserSync.Results() {
            @Override
            public void applied(EmployeeSnapshot employee, SyncOutcome outcome) {
                outcomes.add(outcome);
            }

            @Override
            public void refused(EmployeeSnapshot employee, RuntimeException reason) {
                refusals.add(reason);
            }
        };
    }

    private static SyncOutcome apply(UserSync sync, EmployeeSnapshot snapshot) {
        List<SyncOutcome> outcomes = new java.util.ArrayList<>();
        List<RuntimeException> refusals = new java.util.ArrayList<>();
        apply(sync, List.of(snapshot), outcomes, refusals);
        if (!refusals.isEmpty()) {
            throw refusals.get(0);
        }
        assertThat(outcomes).hasSize(1);
        return outcomes.get(0);
    }

    @Test
    void adopts_the_one_user_that_matches_exactly_and_nobody_owns() {
        String id = newEmployeeId();
        DoceboUser existing = docebo.seedUser(SeedUser.of("ADA." + id + "@Example.com", "ada." + id + "@example.com"));

        SyncOutcome outcome = apply(sync, employee(id).email("ada." + id + "@example.com").build());

        assertThat(outcome.action()).isEqualTo(Action.UPDATED);
        assertThat(outcome.doceboUserId()).isEqualTo(String.valueOf(existing.userId()));
        assertThat(outcome.detail()).contains("adopted the existing user");
        assertThat(memory.ownerOf(outcome.doceboUserId())).contains(id);
    }

    @Test
    void refuses_a_match_already_linked_to_another_employee_and_writes_nothing() {
        String ada = newEmployeeId();
        String duplicate = newEmployeeId();
        String email = "ada." + ada + "@example.com";
        SyncOutcome original = apply(sync, employee(ada).email(email).build());
        int writesBefore = writes();

        // A second HiBob profile of the same person: same email, another employee id.
        assertThatThrownBy(() -> apply(sync, employee(duplicate).email(email).name("Ada", "Duplicate").build()))
                .isInstanceOf(IdentityConflictException.class)
                .hasMessageContaining("employee " + duplicate)
                .hasMessageContaining("Docebo user " + original.doceboUserId())
                .hasMessageContaining("already linked to employee " + ada)
                .satisfies(e -> assertThat(((RefusedChangeException) e).reason())
                        .isEqualTo(DeadLetterHeaders.REASON_IDENTITY_CONFLICT));

        assertThat(writes()).as("Docebo writes").isEqualTo(writesBefore);
        assertThat(docebo.user(email)).hasValueSatisfying(user -> assertThat(user.lastName()).isEqualTo("Lovelace"));
    }

    @Test
    void two_new_employees_with_one_email_in_the_same_poll_create_one_user_and_refuse_the_other() {
        String ada = newEmployeeId();
        String duplicate = newEmployeeId();
        String email = "ada." + ada + "@example.com";
        List<SyncOutcome> outcomes = new java.util.ArrayList<>();
        List<RuntimeException> refusals = new java.util.ArrayList<>();

        apply(sync, List.of(employee(ada).email(email).build(),
                employee(duplicate).email(email).name("Ada", "Copy").build()), outcomes, refusals);

        assertThat(outcomes).singleElement().satisfies(outcome -> {
            assertThat(outcome.employeeId()).isEqualTo(ada);
            assertThat(outcome.action()).isEqualTo(Action.CREATED);
        });
        assertThat(refusals).singleElement().isInstanceOf(IdentityConflictException.class)
                .extracting(Throwable::getMessage).asString()
                .contains("employee " + duplicate, "employee " + ada + " in the same batch");
        assertThat(docebo.users()).filteredOn(user -> email.equalsIgnoreCase(user.email())).singleElement()
                .satisfies(user -> assertThat(user.lastName()).isEqualTo("Lovelace"));
    }

    @Test
    void an_adopted_users_branch_is_assigned_by_default_and_left_alone_when_trusted() {
        String assigned = newEmployeeId();
        String trusted = newEmployeeId();
        docebo.seedUser(SeedUser.of("ada." + assigned + "@example.com", "ada." + assigned + "@example.com")
                .withName("Ada", "Lovelace"));
        docebo.seedUser(SeedUser.of("ada." + trusted + "@example.com", "ada." + trusted + "@example.com")
                .withName("Ada", "Lovelace"));

        SyncOutcome byDefault = apply(sync, employee(assigned).email("ada." + assigned + "@example.com").build());
        int writesBefore = writes();
        SyncOutcome whenTrusted = apply(writer(memory, "delete", docebo.username(), "trust"),
                employee(trusted).email("ada." + trusted + "@example.com").build());

        assertThat(byDefault.action()).isEqualTo(Action.UPDATED);
        assertThat(byDefault.detail()).contains("adopted the existing user", "branch ENG");
        assertThat(docebo.user("ada." + assigned + "@example.com").orElseThrow().branches()).containsExactly("ENG");
        assertThat(whenTrusted.action()).isEqualTo(Action.UNCHANGED);
        assertThat(whenTrusted.detail()).contains("adopted the existing user", "Docebo already matches HiBob");
        assertThat(writes()).as("Docebo writes for a trusted adoption").isEqualTo(writesBefore);
        assertThat(memory.recall(trusted).orElseThrow().applied().branchCode()).isEqualTo("ENG");
    }

    @Test
    void refuses_when_two_users_match_one_by_username_and_one_by_email() {
        String id = newEmployeeId();
        DoceboUser byUsername = docebo.seedUser(SeedUser.of("grace." + id + "@example.com", "old." + id + "@example.com"));
        DoceboUser byEmail = docebo.seedUser(SeedUser.of("ghopper" + id, "grace." + id + "@example.com"));

        assertThatThrownBy(() -> apply(sync, employee(id).email("grace." + id + "@example.com").build()))
                .isInstanceOf(IdentityConflictException.class)
                .hasMessageContaining("2 Docebo users match")
                .hasMessageContaining(String.valueOf(byUsername.userId()))
                .hasMessageContaining(String.valueOf(byEmail.userId()));
        assertThat(writes()).isZero();
    }

    @Test
    void never_adopts_the_account_the_sync_signs_in_with() {
        String owner = newEmployeeId();
        String apiEmail = docebo.user(docebo.username()).orElseThrow().email();

        assertThatThrownBy(() -> apply(sync, employee(owner).email(apiEmail).build()))
                .isInstanceOf(IdentityConflictException.class)
                .hasMessageContaining("DOCEBO_USERNAME");
        assertThat(writes()).isZero();
    }

    @Test
    void never_deactivates_or_deletes_the_api_account_even_when_linked() {
        String owner = newEmployeeId();
        DoceboUser apiUser = docebo.user(docebo.username()).orElseThrow();
        // Linked by an older version of the sync, before the API account was protected.
        UserSync unguarded = writer(memory, "delete", null);
        Instant now = Instant.now();
        apply(unguarded, employee(owner).email(apiUser.email()).readAt(now).build());
        assertThat(memory.ownerOf(String.valueOf(apiUser.userId()))).contains(owner);
        int writesBefore = writes();

        assertThatThrownBy(() -> apply(sync, employee(owner).email(apiUser.email()).readAt(now.plusSeconds(1))
                .active(false, "Terminated").event("employee.left").build()))
                .isInstanceOf(ProtectedAccountException.class)
                .satisfies(e -> assertThat(((RefusedChangeException) e).reason())
                        .isEqualTo(DeadLetterHeaders.REASON_PROTECTED_ACCOUNT));
        assertThatThrownBy(() -> apply(sync, deletion(owner, apiUser.email(), now.plusSeconds(2))))
                .isInstanceOf(ProtectedAccountException.class);
        // Leaving the sync's scope deactivates a linked user, as a leaver's would be.
        UserSync scoped = TestWriter.against(docebo).memory(memory).apiAccount(docebo.username())
                .scope(EmployeeScope.parse("department=Sales")).build();
        assertThatThrownBy(() -> apply(scoped, employee(owner).email(apiUser.email()).department("Engineering")
                .readAt(now.plusSeconds(3)).build()))
                .isInstanceOf(ProtectedAccountException.class);
        // A full sync deactivates a linked user HiBob no longer returns: not this one. With no record to
        // dead-letter, the refusal is the run's report (for a reconciliation, its mail).
        List<RuntimeException> refusals = new java.util.ArrayList<>();
        List<PlanEntry> plan = sync.finishRun(new RunEnd("run-1", true, 0, 1, List.of(), 0, now.plusSeconds(4)),
                collecting(new java.util.ArrayList<>(), refusals));
        sync.finishRun(new RunEnd("run-2", false, 0, 1, List.of(), 0, now.plusSeconds(5)),
                collecting(new java.util.ArrayList<>(), refusals));

        assertThat(plan).singleElement().satisfies(entry -> {
            assertThat(entry.action()).isEqualTo("CONFLICT");
            assertThat(entry.detail()).contains("DOCEBO_USERNAME").contains("HiBob no longer returns this employee");
        });
        assertThat(refusals).singleElement().isInstanceOf(ProtectedAccountException.class);
        assertThat(writes()).isEqualTo(writesBefore);
        assertThat(docebo.user(docebo.username())).hasValueSatisfying(user -> assertThat(user.active()).isTrue());
    }

    @Test
    void deletes_only_the_linked_user_never_the_one_the_email_finds() {
        String id = newEmployeeId();
        Instant now = Instant.now();
        SyncOutcome created = apply(sync, employee(id).email("lin." + id + "@example.com").readAt(now).build());
        DoceboUser bystander = docebo.seedUser(SeedUser.of("other." + id + "@example.com", "other." + id + "@example.com"));

        // The event's email names somebody else (HiBob reused it, or the event is wrong): the link decides.
        SyncOutcome deleted = apply(sync, deletion(id, "other." + id + "@example.com", now.plusSeconds(1)));

        assertThat(deleted.action()).isEqualTo(Action.DELETED);
        assertThat(deleted.doceboUserId()).isEqualTo(created.doceboUserId());
        assertThat(docebo.user("lin." + id + "@example.com")).isEmpty();
        assertThat(docebo.user(bystander.username())).isPresent();
    }

    @Test
    void without_a_link_deletes_the_user_the_email_finds_only_if_nobody_owns_it() {
        String unknown = newEmployeeId();
        DoceboUser unowned = docebo.seedUser(SeedUser.of("free." + unknown + "@example.com", "free." + unknown + "@example.com"));
        Instant now = Instant.now();

        assertThat(apply(sync, deletion(unknown, "Free." + unknown + "@Example.com", now)).action())
                .isEqualTo(Action.DELETED);
        assertThat(docebo.user(unowned.username())).isEmpty();

        String owner = newEmployeeId();
        String stranger = newEmployeeId();
        apply(sync, employee(owner).email("kept." + owner + "@example.com").readAt(now).build());
        int writesBefore = writes();

        assertThatThrownBy(() -> apply(sync, deletion(stranger, "kept." + owner + "@example.com", now.plusSeconds(1))))
                .isInstanceOf(IdentityConflictException.class)
                .hasMessageContaining("already linked to employee " + owner);
        assertThat(writes()).isEqualTo(writesBefore);
        assertThat(docebo.user("kept." + owner + "@example.com")).isPresent();
    }

    @Test
    void a_deletion_with_no_user_anywhere_changes_nothing_and_is_remembered() {
        String id = newEmployeeId();
        Instant deletedAt = Instant.now();

        assertThat(apply(sync, deletion(id, "nobody." + id + "@example.com", deletedAt)).action())
                .isEqualTo(Action.UNCHANGED);
        assertThat(memory.recall(id)).hasValueSatisfying(state -> assertThat(state.deletedAt()).isEqualTo(deletedAt));
        assertThat(writes()).isZero();
    }

    @Test
    void a_snapshot_read_before_the_deletion_is_stale_for_good_and_a_later_rehire_is_created_afresh() {
        String id = newEmployeeId();
        Instant created = Instant.now();
        apply(sync, employee(id).readAt(created).build());
        apply(sync, deletion(id, "employee." + id + "@example.com", created.plusSeconds(10)));
        assertThat(docebo.user("employee." + id + "@example.com")).isEmpty();

        // A dead-letter replay or an offset reset brings back a snapshot read before the deletion.
        SyncOutcome replayed = apply(sync, employee(id).readAt(created.plusSeconds(5)).build());

        assertThat(replayed.action()).isEqualTo(Action.STALE);
        assertThat(replayed.detail()).contains("deleted");
        assertThat(docebo.user("employee." + id + "@example.com")).isEmpty();

        SyncOutcome rehired = apply(sync, employee(id).readAt(created.plusSeconds(20)).event("employee.created").build());
        assertThat(rehired.action()).isEqualTo(Action.CREATED);
        assertThat(docebo.user("employee." + id + "@example.com")).isPresent();
    }

    @Test
    void deactivate_on_delete_keeps_the_link_so_a_rehire_reactivates_the_same_account() {
        UserSync deactivating = writer(memory, "deactivate");
        String id = newEmployeeId();
        Instant now = Instant.now();
        SyncOutcome created = apply(deactivating, employee(id).readAt(now).build());

        assertThat(apply(deactivating, deletion(id, "employee." + id + "@example.com", now.plusSeconds(1))).action())
                .isEqualTo(Action.DEACTIVATED);
        assertThat(apply(deactivating, employee(id).readAt(now.minusSeconds(1)).build()).action()).isEqualTo(Action.STALE);
        SyncOutcome back = apply(deactivating, employee(id).readAt(now.plusSeconds(2)).build());

        assertThat(back.action()).isEqualTo(Action.REACTIVATED);
        assertThat(back.doceboUserId()).isEqualTo(created.doceboUserId());
    }

    @Test
    void a_leavers_email_given_to_a_new_hire_does_not_reactivate_the_leaver() {
        String leaver = newEmployeeId();
        String newHire = newEmployeeId();
        String email = "sam." + leaver + "@example.com";
        Instant now = Instant.now();
        apply(sync, employee(leaver).email(email).readAt(now).build());
        apply(sync, employee(leaver).email(email).readAt(now.plusSeconds(1)).active(false, "Terminated").build());
        int writesBefore = writes();

        assertThatThrownBy(() -> apply(sync, employee(newHire).email(email).name("Sam", "New").readAt(now.plusSeconds(2))
                .event("employee.created").build()))
                .isInstanceOf(IdentityConflictException.class)
                .hasMessageContaining("already linked to employee " + leaver);

        assertThat(writes()).isEqualTo(writesBefore);
        assertThat(docebo.user(email)).hasValueSatisfying(user -> {
            assertThat(user.active()).isFalse();
            assertThat(user.firstName()).isEqualTo("Ada");
        });
    }

    private UserSync writer(WriterMemory memory, String onDelete) {
        return writer(memory, onDelete, docebo.username());
    }

    private static UserSync writer(WriterMemory memory, String onDelete, String apiAccount) {
        return writer(memory, onDelete, apiAccount, "assign");
    }

    private static UserSync writer(WriterMemory memory, String onDelete, String apiAccount, String adoptedBranch) {
        return TestWriter.against(docebo).memory(memory).departmentBranches("Engineering=ENG").onDelete(onDelete)
                .apiAccount(apiAccount).adoptedBranch(adoptedBranch).brake(1000, 100, alert -> true).build();
    }

    private static EmployeeSnapshot deletion(String employeeId, String email, Instant readAt) {
        return EmployeeSnapshot.deletion(employeeId, email, UUID.randomUUID().toString(), readAt, readAt);
    }

    /** Calls that change Docebo: anything but reads and token requests. */
    private static int writes() {
        List<RecordedCall> calls = docebo.callLog().calls();
        return (int) calls.stream()
                .filter(call -> !call.method().equals("GET") && !call.path().startsWith("/oauth2"))
                .count();
    }

    private static String newEmployeeId() {
        return String.valueOf(ids.incrementAndGet());
    }
}
