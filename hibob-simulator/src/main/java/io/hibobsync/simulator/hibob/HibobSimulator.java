package io.hibobsync.simulator.hibob;

import io.hibobsync.simulator.support.CallLog;
import io.hibobsync.simulator.support.SimulatorFaults;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A running HiBob simulator for tests in other modules:
 * <pre>{@code
 * try (var hibob = HibobSimulator.start(Map.of("HIBOB_SIM_SEED_EMPLOYEES", 5))) {
 *     hibob.registerWebhook(ingestUrl);
 *     var ada = hibob.hire(NewHire.of("Ada", "Lovelace").withDepartment("Engineering"));
 *     // point the client at hibob.apiUrl() with hibob.serviceUserId() / hibob.serviceUserToken()
 * }
 * }</pre>
 * Properties are the simulator's settings, as {@code hibob.simulator.*} keys or as the {@code HIBOB_SIM_*}
 * names of the README; they win over the environment. The port is random unless {@code server.port} is given.
 */
public final class HibobSimulator implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final int port;

    private HibobSimulator(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public static HibobSimulator start() {
        return start(Map.of());
    }

    public static HibobSimulator start(Map<String, ?> properties) {
        var settings = new LinkedHashMap<String, Object>();
        settings.put("server.port", 0);
        settings.putAll(properties);
        // Command-line arguments outrank the environment and the caller's own files, which is what a test wants.
        var args = new ArrayList<String>();
        settings.forEach((key, value) -> args.add("--" + key + "=" + value));
        var builder = new SpringApplicationBuilder(EmbeddedHibobSimulatorConfiguration.class)
                .web(WebApplicationType.SERVLET)
                .bannerMode(Banner.Mode.OFF)
                .registerShutdownHook(false)
                .properties(HibobSimulatorApplication.CONFIG_NAME);
        // Leave the caller's logging set-up alone: a second Spring app in the JVM would otherwise reset it.
        var application = builder.application();
        application.setListeners(application.getListeners().stream()
                .filter(listener -> !(listener instanceof LoggingApplicationListener))
                .toList());
        return new HibobSimulator(builder.run(args.toArray(String[]::new)));
    }

    /** {@code http://localhost:<port>}: the admin API lives under {@code /sim}. */
    public String baseUrl() {
        return "http://localhost:" + port;
    }

    /** {@code http://localhost:<port>/v1}: what the sync's {@code HIBOB_API_URL} should be. */
    public String apiUrl() {
        return baseUrl() + "/v1";
    }

    public int port() {
        return port;
    }

    public String serviceUserId() {
        return properties().serviceUserId();
    }

    public String serviceUserToken() {
        return properties().serviceUserToken();
    }

    /** The configured signing secret (a secret given to {@link #registerWebhook(String, String)} replaces it). */
    public String webhookSecret() {
        return context.getBean(WebhookTarget.class).secret();
    }

    public long companyId() {
        return properties().companyId();
    }

    public List<SimulatedEmployee> employees() {
        return admin().list();
    }

    public Optional<SimulatedEmployee> employee(String idOrEmail) {
        return admin().find(idOrEmail);
    }

    /** Sends {@code employee.created}. */
    public SimulatedEmployee hire(NewHire hire) {
        return admin().hire(hire).employee();
    }

    /** Sends {@code employee.updated} with the changed fields, when something changed. */
    public SimulatedEmployee update(String id, Map<String, Object> fields) {
        return admin().update(id, fields, null).employee();
    }

    /** Terminated today: {@code employee.left} and {@code employee.inactivated}. */
    public SimulatedEmployee terminate(String id) {
        return terminate(id, null);
    }

    public SimulatedEmployee terminate(String id, LocalDate terminationDate) {
        return admin().terminate(id, terminationDate, null).employee();
    }

    /** Back from today: {@code employee.updated} and {@code employee.activated}. */
    public SimulatedEmployee rehire(String id) {
        return rehire(id, null);
    }

    /** A future start date leaves them Hired, access Inactive, until {@link #startEmployee(String)}. */
    public SimulatedEmployee rehire(String id, LocalDate startDate) {
        return admin().rehire(id, startDate, null).employee();
    }

    /** A Hired employee's start date arrives: Employed, access Active, {@code employee.joined}. */
    public SimulatedEmployee startEmployee(String id) {
        return admin().start(id).employee();
    }

    /** Sends {@code employee.deleted} with the email. */
    public void delete(String id) {
        admin().delete(id, null);
    }

    /** Pings the URL (plain text, then JSON), then sends every later webhook there. */
    public WebhookRegistration registerWebhook(String url) {
        return registerWebhook(url, null);
    }

    public WebhookRegistration registerWebhook(String url, String secret) {
        return context.getBean(WebhookAdmin.class).register(url, secret);
    }

    /** Every webhook sent so far, pings included, oldest first. Delivery is asynchronous: poll this. */
    public List<WebhookDelivery> webhookDeliveries() {
        return context.getBean(WebhookAdmin.class).deliveries();
    }

    public void clearWebhookDeliveries() {
        context.getBean(WebhookAdmin.class).clearDeliveries();
    }

    public SimulatorFaults faults() {
        return context.getBean(SimulatorFaults.class);
    }

    public CallLog callLog() {
        return context.getBean(CallLog.class);
    }

    /** Reseeded company, no pending webhooks or deliveries, configured webhook and credentials, no faults, empty call log. */
    public void reset() {
        context.getBean(SimulatorReset.class).reset();
    }

    @Override
    public void close() {
        context.close();
    }

    private EmployeeAdmin admin() {
        return context.getBean(EmployeeAdmin.class);
    }

    private HibobSimulatorProperties properties() {
        return context.getBean(HibobSimulatorProperties.class);
    }
}
