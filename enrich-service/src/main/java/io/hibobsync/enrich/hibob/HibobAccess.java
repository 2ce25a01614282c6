package io.hibobsync.enrich.hibob;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Whether HiBob currently accepts our service user: an incident starts with the first 401/403 and ends with
 * the next search that succeeds. Shared by every consumer thread, so one incident is reported once.
 */
@Component
public class HibobAccess {

    private final Clock clock = Clock.systemUTC();
    private Incident incident;
    private boolean reported;

    /**
     * HiBob refused the service user: starts an incident unless one is open. The answer says whether this
     * refusal started it, and whether it still has to be reported (it is new, or reporting it failed before).
     */
    public synchronized Refusal refused(HibobAuthException refusal) {
        boolean started = incident == null;
        if (started) {
            incident = new Incident(refusal.status(), refusal.getMessage(), clock.instant());
            reported = false;
        }
        return new Refusal(incident, started, !reported);
    }

    /** The start of the incident was reported (an alert published): later refusals are not news. */
    public synchronized void reported() {
        reported = true;
    }

    /** A search succeeded. Returns the incident it ends, if one was open. */
    public synchronized Optional<Incident> granted() {
        Incident ended = incident;
        incident = null;
        reported = false;
        return Optional.ofNullable(ended);
    }

    public synchronized Optional<Incident> current() {
        return Optional.ofNullable(incident);
    }

    /** What a refusal means: the open incident, whether it just started, whether to report it now. */
    public record Refusal(Incident incident, boolean started, boolean toReport) {
    }

    /**
     * HiBob refuses the service user since {@code since}.
     *
     * @param status  the HTTP status of the first refusal (401 or 403)
     * @param message what was refused and what to check
     * @param since   when the first refusal came
     */
    public record Incident(int status, String message, Instant since) {
    }
}
