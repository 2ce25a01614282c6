package io.hibobsync.simulator.docebo;

import io.hibobsync.simulator.docebo.admin.SimulatorAdmin;
import io.hibobsync.simulator.support.CallLog;
import io.hibobsync.simulator.support.EmbeddedSimulator;
import io.hibobsync.simulator.support.SimulatorFaults;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Docebo simulator running inside a test, on a free port:
 * <pre>{@code
 * try (DoceboSimulator docebo = DoceboSimulator.start(Map.of("docebo.sim.batch-processing-ms", 0))) {
 *     // point the client at docebo.baseUrl() with docebo.clientId()/clientSecret()/username()/password()
 *     docebo.seedUser(SeedUser.of("jane.doe", "Jane.Doe@Example.com"));
 *     docebo.faults().rateLimitNext(1, 2);
 *     ...
 *     assertThat(docebo.user("jane.doe")).hasValueSatisfying(user -> assertThat(user.active()).isFalse());
 * }
 * }</pre>
 * Properties are the simulator's Spring properties ({@code docebo.sim.token-ttl-seconds}) or its
 * environment variable names ({@code DOCEBO_SIM_TOKEN_TTL_SECONDS}); they win over the environment.
 */
public final class DoceboSimulator implements AutoCloseable {

    private final EmbeddedSimulator simulator;
    private final SimulatorAdmin admin;
    private final DoceboSimProperties properties;

    private DoceboSimulator(EmbeddedSimulator simulator) {
        this.simulator = simulator;
        this.admin = simulator.context().getBean(SimulatorAdmin.class);
        this.properties = simulator.context().getBean(DoceboSimProperties.class);
    }

    /** Starts a simulator with its defaults on a free port. */
    public static DoceboSimulator start() {
        return start(Map.of());
    }

    /** Starts a simulator on a free port (unless {@code server.port} is given) with these properties. */
    public static DoceboSimulator start(Map<String, ?> properties) {
        return new DoceboSimulator(EmbeddedSimulator.start(DoceboSimulatorConfiguration.class,
                DoceboSimulatorApplication.CONFIG_NAME, properties));
    }

    /** e.g. {@code http://localhost:54321}: what the client calls its Docebo platform URL. */
    public String baseUrl() {
        return simulator.baseUrl();
    }

    public int port() {
        return simulator.port();
    }

    public String clientId() {
        return properties.clientId();
    }

    public String clientSecret() {
        return properties.clientSecret();
    }

    /** The API user for the password grant. */
    public String username() {
        return properties.username();
    }

    public String password() {
        return properties.password();
    }

    /** Every user, the API user included, in id order. */
    public List<DoceboUser> users() {
        return admin.users();
    }

    /** The user with this username (case-insensitive, as in Docebo). */
    public Optional<DoceboUser> user(String username) {
        return admin.user(username);
    }

    public List<DoceboBranch> branches() {
        return admin.branches();
    }

    public SimulatorState state() {
        return admin.state();
    }

    /** Adds a user that existed before the sync ran; ids are given in seeding order. */
    public DoceboUser seedUser(SeedUser user) {
        return admin.seed(user);
    }

    /**
     * What an administrator changes in Docebo's own pages, behind the sync's back (no API call, nothing logged):
     * the names and the status; {@code null} keeps a value.
     */
    public DoceboUser editAsAdministrator(String username, String firstName, String lastName, Boolean active) {
        return admin.edit(username, firstName, lastName, active);
    }

    /** An administrator deletes the user in Docebo's own pages. */
    public void deleteAsAdministrator(String username) {
        admin.delete(username);
    }

    /** Batch or branch calls refused because another one was running: non-zero means a client bug. */
    public int refusedConcurrentCalls() {
        return admin.refusedConcurrentCalls();
    }

    /** Back to the platform as started, without faults or logged calls; issued tokens stay valid. */
    public void reset() {
        admin.reset();
    }

    /** Ends every issued token: the client's next call gets a 401. */
    public void revokeTokens() {
        admin.revokeTokens();
    }

    /** Latency, error statuses and 429s for the next calls (the same as {@code /sim/faults}). */
    public SimulatorFaults faults() {
        return simulator.faults();
    }

    /** Every call the simulated API answered (the same as {@code /sim/calls}). */
    public CallLog callLog() {
        return simulator.callLog();
    }

    ConfigurableApplicationContext context() {
        return simulator.context();
    }

    @Override
    public void close() {
        simulator.close();
    }
}
