package io.hibobsync.writer;

import io.hibobsync.contracts.EmployeeSnapshot;
import io.hibobsync.contracts.SyncOutcome;
import io.hibobsync.writer.sync.UserSync;
import java.util.ArrayList;
import java.util.List;

/** Applies polls of snapshots as the writer's listener does, for tests of the rules without Kafka. */
final class Polls {

    private Polls() {
    }

    /** The outcomes the listener would publish for the poll; a refusal (which it would dead-letter) is thrown. */
    static List<SyncOutcome> apply(UserSync sync, List<EmployeeSnapshot> poll) {
        List<SyncOutcome> outcomes = new ArrayList<>();
        sync.apply(poll, new UserSync.Results() {
            @Override
            public void applied(EmployeeSnapshot employee, SyncOutcome outcome) {
                outcomes.add(outcome);
            }

            @Override
            public void refused(EmployeeSnapshot employee, RuntimeException reason) {
                throw reason;
            }
        });
        return outcomes;
    }

    /** The one outcome of a poll of one snapshot. */
    static SyncOutcome apply(UserSync sync, EmployeeSnapshot snapshot) {
        List<SyncOutcome> outcomes = apply(sync, List.of(snapshot));
        if (outcomes.size() != 1) {
            throw new AssertionError("Expected one outcome, got " + outcomes);
        }
        return outcomes.get(0);
    }
}
