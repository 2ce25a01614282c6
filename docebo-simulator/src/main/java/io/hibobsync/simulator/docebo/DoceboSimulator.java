package io.hibobsync.simulator.docebo;

import io.hibobsync.simulator.support.CallLog;
import io.hibobsync.simulator.support.SimulatorFaults;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
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

    private static final String EXCLUDE = "spring.autoconfigure.exclude";

    private final ConfigurableApplicationContext context;
    private final SimulatorAdmin admin;
    private final DoceboSimProperties properties;

    private DoceboSimulator(ConfigurableApplicationContext context) {
        this.context = context;
        this.admin = context.getBean(SimulatorAdmin.class);
        this.properties = context.getBean(DoceboSimProperties.class);
    }

    /** Starts a simulator with its defaults on a free port. */
    public static DoceboSimulator start() {
        return start(Map.of());
    }

    /** Starts a simulator on a free port (unless {@code server.port} is given) with these properties. */
    public static DoceboSimulator start(Map<String, ?> properties) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("server.port", 0);
        all.put("spring.config.name", DoceboSimulatorApplication.CONFIG_NAME);
        all.put("spring.main.banner-mode", "off");
        all.put("spring.jmx.enabled", false);
        all.put("simulator.support.enabled", true);
        all.putAll(properties);
        List<String> excluded = new ArrayList<>(
                ForeignAutoConfigurations.onClasspath(DoceboSimulator.class.getClassLoader()));
        if (properties.get(EXCLUDE) != null) {
            excluded.add(String.valueOf(properties.get(EXCLUDE)));
        }
        if (!excluded.isEmpty()) {
            all.put(EXCLUDE, String.join(",", excluded));
        }
        // Command-line arguments outrank every other property source, the caller's environment included.
        String[] args = all.entrySet().stream().map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(DoceboSimulatorApplication.class)
                .web(WebApplicationType.SERVLET)
                .logStartupInfo(false)
                .run(args);
        return new DoceboSimulator(context);
    }

    /** e.g. {@code http://localhost:54321}: what the client calls its Docebo platform URL. */
    public String baseUrl() {
        return "http://localhost:" + port();
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
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
        return context.getBean(SimulatorFaults.class);
    }

    /** Every call the simulated API answered (the same as {@code /sim/calls}). */
    public CallLog callLog() {
        return context.getBean(CallLog.class);
    }

    ConfigurableApplicationContext context() {
        return context;
    }

    @Override
    public void close() {
        context.close();
    }
}
