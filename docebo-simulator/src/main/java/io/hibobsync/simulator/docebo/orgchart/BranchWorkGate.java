package io.hibobsync.simulator.docebo.orgchart;

import io.hibobsync.simulator.docebo.DoceboSimProperties;
import io.hibobsync.simulator.docebo.web.DoceboApiException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * Lets one batch import or branch-changing call run at a time. Docebo warns that running two at once
 * can corrupt the branch tree but does not stop it; the simulator refuses the second call instead, with
 * 409 Conflict, so a client breaking the rule is caught in tests. The work takes
 * {@code DOCEBO_SIM_BATCH_PROCESSING_MS}, like a platform whose writes queue behind the admin UI's.
 */
public class BranchWorkGate {

    static final String REFUSAL = "Another user import or branch change is still running on this platform;"
            + " send one at a time and retry when it has finished";

    private final long processingMillis;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicInteger refusedCalls = new AtomicInteger();

    BranchWorkGate(DoceboSimProperties properties) {
        this.processingMillis = properties.batchProcessingMs();
    }

    public <T> T runAlone(Supplier<T> work) {
        if (!running.compareAndSet(false, true)) {
            refusedCalls.incrementAndGet();
            throw new DoceboApiException(HttpStatus.CONFLICT, 0, List.of(REFUSAL), HttpHeaders.EMPTY);
        }
        try {
            takeProcessingTime();
            return work.get();
        } finally {
            running.set(false);
        }
    }

    public boolean isRunning() {
        return running.get();
    }

    /** How many calls were refused because another one was running: a client bug if not zero. */
    public int refusedCalls() {
        return refusedCalls.get();
    }

    public void reset() {
        refusedCalls.set(0);
    }

    private void takeProcessingTime() {
        if (processingMillis <= 0) {
            return;
        }
        try {
            Thread.sleep(processingMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
