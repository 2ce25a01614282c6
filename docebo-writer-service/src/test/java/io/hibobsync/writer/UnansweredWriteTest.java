package io.hibobsync.writer;

import static io.hibobsync.writer.Polls.apply;
import static io.hibobsync.writer.Snapshot.employee;
import static org.assertj.core.api.Assertions.assertThat;

import io.hibobsync.contracts.EmployeeSnapshot;
import io.hibobsync.contracts.SyncOutcome;
import io.hibobsync.contracts.SyncOutcome.Action;
import io.hibobsync.simulator.docebo.DoceboSimulator;
import io.hibobsync.writer.sync.AppliedEmployee;
import io.hibobsync.writer.sync.UserSync;
import io.hibobsync.writer.sync.WriterMemory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A writer stopped ({@code kill -9}) after Docebo answered a write and before the writer's memory of it was durable:
 * its successor must not trust that memory for the users of that write. The journal below keeps what a compacted
 * topic would keep of such a writer: every state written before its last flush; the successor's memory is read
 * back from that.
 */
class UnansweredWriteTest {

    private static final DoceboSimulator docebo = DoceboSimulator.start(Map.of("DOCEBO_SIM_BATCH_PROCESSING_MS", 0));

    private final DurableUpToFlush journal = new DurableUpToFlush();

    @AfterAll
    static void stopDocebo() {
        docebo.close();
    }

    @BeforeEach
    void freshDocebo() {
        docebo.reset();
    }

    @Test
    void a_rehire_after_a_deactivation_written_but_not_remembered_reactivates_the_user() {
        String id = "4442883854254940001";
        String username = "employee." + id + "@example.com";
        Instant hired = Instant.now().minusSeconds(60);
        UserSync killed = TestWriter.against(docebo).memory(new WriterMemory(journal)).build();
        apply(killed, employee(id).readAt(hired).build());
        journal.flush();

        // The leaver's deactivation reaches Docebo; the writer is killed before its memory of it is flushed.
        EmployeeSnapshot left = employee(id).readAt(hired.plusSeconds(10)).active(false, "Terminated")
                .event("employee.left").build();
        assertThat(apply(killed, left).action()).isEqualTo(Action.DEACTIVATED);
        assertThat(docebo.user(username).orElseThrow().active()).isFalse();

        // The successor reads the journal back, then gets the same records again and the rehire after them.
        WriterMemory readBack = journal.readBack();
        assertThat(readBack.recall(id)).hasValueSatisfying(state ->
                assertThat(state.applied().active()).as("the deactivation was never remembered").isTrue());
        UserSync successor = TestWriter.against(docebo).memory(readBack).build();
        EmployeeSnapshot rehired = employee(id).readAt(hired.plusSeconds(20)).event("employee.updated").build();
        List<SyncOutcome> outcomes = apply(successor, List.of(left, rehired));

        assertThat(outcomes).filteredOn(outcome -> outcome.deliveryId().equals(rehired.deliveryId())).singleElement()
                .satisfies(outcome -> {
                    assertThat(outcome.action()).isEqualTo(Action.UPDATED);
                    assertThat(outcome.detail()).contains("status active", "written in full");
                });
        assertThat(docebo.user(username).orElseThrow().active()).as("the rehire is active in Docebo").isTrue();
        assertThat(readBack.recall(id)).hasValueSatisfying(state -> assertThat(state.writeUnconfirmed()).isFalse());
    }

    @Test
    void a_write_answered_and_remembered_leaves_no_mark_and_the_next_no_change_costs_no_call() {
        String id = "4442883854254940002";
        Instant hired = Instant.now().minusSeconds(60);
        UserSync writer = TestWriter.against(docebo).memory(new WriterMemory(journal)).build();
        apply(writer, employee(id).readAt(hired).build());
        apply(writer, employee(id).readAt(hired.plusSeconds(10)).name("Ada", "King").build());
        journal.flush();

        UserSync restarted = TestWriter.against(docebo).memory(journal.readBack()).build();
        int calls = docebo.callLog().calls().size();
        SyncOutcome same = apply(restarted, employee(id).readAt(hired.plusSeconds(20)).name("Ada", "King").build());

        assertThat(same.action()).isEqualTo(Action.UNCHANGED);
        assertThat(docebo.callLog().calls()).as("no Docebo call").hasSize(calls);
    }

    /** A journal whose writes become durable at a flush only, as the compacted memory topic's do. */
    private static final class DurableUpToFlush implements WriterMemory.Journal {
        private final List<Map.Entry<String, AppliedEmployee>> durable = new ArrayList<>();
        private final List<Map.Entry<String, AppliedEmployee>> written = new ArrayList<>();

        @Override
        public synchronized void write(String employeeId, AppliedEmployee state) {
            written.add(Map.entry(employeeId, state));
        }

        @Override
        public synchronized void flush() {
            durable.addAll(written);
            written.clear();
        }

        /** What a new writer reads back: the durable states, in the order they were written. */
        synchronized WriterMemory readBack() {
            WriterMemory memory = new WriterMemory(this);
            written.clear();
            durable.forEach(entry -> memory.restore(entry.getKey(), entry.getValue()));
            return memory;
        }
    }
}
