package io.hibobsync.simulator.docebo.admin;

import io.hibobsync.simulator.docebo.DoceboBranch;
import io.hibobsync.simulator.docebo.DoceboSimulator;
import io.hibobsync.simulator.docebo.DoceboUser;
import io.hibobsync.simulator.docebo.SeedUser;
import io.hibobsync.simulator.docebo.SimulatorState;
import io.hibobsync.simulator.docebo.auth.TokenStore;
import io.hibobsync.simulator.docebo.orgchart.BranchWorkGate;
import io.hibobsync.simulator.docebo.orgchart.OrgChart;
import io.hibobsync.simulator.docebo.ratelimit.RateLimiter;
import io.hibobsync.simulator.docebo.users.UserAccount;
import io.hibobsync.simulator.docebo.users.UserAnswerForm;
import io.hibobsync.simulator.docebo.users.UserChanges;
import io.hibobsync.simulator.docebo.users.UserDirectory;
import io.hibobsync.simulator.docebo.users.UserEditor;
import io.hibobsync.simulator.support.CallLog;
import io.hibobsync.simulator.support.SimulatorFaults;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Looks at and resets the simulated platform; behind both {@code /sim/**} and {@link DoceboSimulator}. */
public class SimulatorAdmin {

    private final UserDirectory directory;
    private final OrgChart orgChart;
    private final UserEditor editor;
    private final UserAnswerForm answerForm;
    private final TokenStore tokens;
    private final RateLimiter rateLimiter;
    private final BranchWorkGate gate;
    private final SimulatorFaults faults;
    private final CallLog callLog;

    SimulatorAdmin(UserDirectory directory, OrgChart orgChart, UserEditor editor, UserAnswerForm answerForm,
            TokenStore tokens, RateLimiter rateLimiter, BranchWorkGate gate, SimulatorFaults faults, CallLog callLog) {
        this.directory = directory;
        this.orgChart = orgChart;
        this.editor = editor;
        this.answerForm = answerForm;
        this.tokens = tokens;
        this.rateLimiter = rateLimiter;
        this.gate = gate;
        this.faults = faults;
        this.callLog = callLog;
    }

    /**
     * Back to the platform as started: the API user, the configured branches, a fresh hourly budget, no
     * faults and an empty call log. Issued tokens stay valid, as a client under test still holds one;
     * {@link #revokeTokens()} ends them.
     */
    public void reset() {
        synchronized (directory) {
            directory.reset();
            orgChart.reset();
        }
        rateLimiter.reset();
        gate.reset();
        faults.clear();
        callLog.clear();
    }

    public void revokeTokens() {
        tokens.revokeAll();
    }

    public SimulatorState state() {
        return new SimulatorState(users(), branches(), rateLimiter.limitPerHour(), rateLimiter.usedInLastHour(),
                gate.isRunning(), gate.refusedCalls());
    }

    public List<DoceboUser> users() {
        synchronized (directory) {
            return directory.all().stream().map(answerForm::copy).toList();
        }
    }

    public Optional<DoceboUser> user(String username) {
        synchronized (directory) {
            return directory.byUsername(username).map(answerForm::copy);
        }
    }

    public List<DoceboBranch> branches() {
        return orgChart.all().stream()
                .map(branch -> new DoceboBranch(branch.id(), branch.code(), branch.title(), branch.parentId(),
                        orgChart.path(branch)))
                .toList();
    }

    public boolean importRunning() {
        return gate.isRunning();
    }

    public int refusedConcurrentCalls() {
        return gate.refusedCalls();
    }

    /** Adds a user that "already existed"; a bad seed is the test's mistake, hence IllegalArgumentException. */
    public DoceboUser seed(SeedUser seed) {
        if (seed.username() == null || seed.username().isBlank()) {
            throw new IllegalArgumentException("A seeded user needs a username");
        }
        UserChanges changes = new UserChanges();
        changes.username = seed.username();
        changes.email = seed.email();
        changes.firstName = seed.firstName();
        changes.lastName = seed.lastName();
        changes.active = seed.active() == null || seed.active();
        changes.level = seed.level();
        changes.password = seed.password();
        changes.fields.putAll(seed.fields());
        synchronized (directory) {
            if (seed.directManager() != null) {
                changes.setDirectManager(directory.byUsername(seed.directManager()).map(manager -> manager.id)
                        .orElseThrow(() -> new IllegalArgumentException("Seed the manager '" + seed.directManager()
                                + "' before " + seed.username())));
            }
            List<String> problems = new ArrayList<>(changes.invalidValues());
            problems.addAll(editor.conflicts(changes, null));
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", problems));
            }
            if (seed.branchCode() != null) {
                changes.branchIds = List.of(orgChart.resolveCode(seed.branchCode(), true).orElseThrow().id());
            }
            return answerForm.copy(editor.create(changes));
        }
    }

    /** An administrator's edit in Docebo's own pages: the user's names and status; {@code null} keeps a value. */
    public DoceboUser edit(String username, String firstName, String lastName, Boolean active) {
        UserChanges changes = new UserChanges();
        changes.firstName = firstName;
        changes.lastName = lastName;
        changes.active = active;
        synchronized (directory) {
            UserAccount user = directory.byUsername(username)
                    .orElseThrow(() -> new IllegalArgumentException("No Docebo user '" + username + "'"));
            editor.update(user, changes);
            return answerForm.copy(user);
        }
    }

    /** An administrator deletes the user in Docebo's own pages. */
    public void delete(String username) {
        synchronized (directory) {
            UserAccount user = directory.byUsername(username)
                    .orElseThrow(() -> new IllegalArgumentException("No Docebo user '" + username + "'"));
            directory.remove(user.id);
        }
    }
}
