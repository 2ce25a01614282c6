package io.hibobsync.simulator.hibob;

import io.hibobsync.simulator.hibob.admin.EmployeeAdmin;
import io.hibobsync.simulator.hibob.webhook.WebhookAdmin;
import io.hibobsync.simulator.hibob.webhook.WebhookDispatcher;
import io.hibobsync.simulator.hibob.webhook.WebhookTarget;
import io.hibobsync.simulator.support.CallLog;
import io.hibobsync.simulator.support.EmbeddedSimulator;
import io.hibobsync.simulator.support.SimulatorFaults;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

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

    private final EmbeddedSimulator simulator;

    private HibobSimulator(EmbeddedSimulator simulator) {
        this.simulator = simulator;
    }

    public static HibobSimulator start() {
        return start(Map.of());
    }

    public static HibobSimulator start(Map<String, ?> properties) {
        return new HibobSimulator(EmbeddedSimulator.start(HibobSimulatorConfiguration.class,
                HibobSimulatorApplication.CONFIG_NAME, properties));
    }

    /** {@code http://localhost:<port>}: the admin API lives under {@code /sim}. */
    public String baseUrl() {
        return simulator.baseUrl();
    }

    /** {@code http://localhost:<port>/v1}: what the sync's {@code HIBOB_API_URL} should be. */
    public String apiUrl() {
        return baseUrl() + "/v1";
    }

    public int port() {
        return simulator.port();
    }

    public String serviceUserId() {
        return properties().serviceUserId();
    }

    public String serviceUserToken() {
        return properties().serviceUserToken();
    }

    /** The configured signing secret (a secret given to {@link #registerWebhook(String, String)} replaces it). */
    public String webhookSecret() {
        return bean(WebhookTarget.class).secret();
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
        return bean(WebhookAdmin.class).register(url, secret);
    }

    /** Every webhook sent so far, pings included, oldest first. Delivery is asynchronous: poll this. */
    public List<WebhookDelivery> webhookDeliveries() {
        return bean(WebhookAdmin.class).deliveries();
    }

    public void clearWebhookDeliveries() {
        bean(WebhookAdmin.class).clearDeliveries();
    }

    /**
     * From now on every webhook is sent {@code times} times (each copy a delivery of its own: the same bytes and
     * signature, as when HiBob retries one it thinks failed). With {@code order}, deliveries of different
     * employees interleave at random while each employee's keep their order; {@code null}: strictly in the order
     * of the changes. {@code (1, null)} is HiBob's usual behaviour; {@link #reset()} restores it too.
     */
    public void deliverEachWebhook(int times, Random order) {
        bean(WebhookDispatcher.class).deliverEach(times, order);
    }

    public SimulatorFaults faults() {
        return simulator.faults();
    }

    public CallLog callLog() {
        return simulator.callLog();
    }

    /** Reseeded company, no pending webhooks or deliveries, configured webhook and credentials, no faults, empty call log. */
    public void reset() {
        bean(SimulatorReset.class).reset();
    }

    @Override
    public void close() {
        simulator.close();
    }

    private <T> T bean(Class<T> type) {
        return simulator.context().getBean(type);
    }

    private EmployeeAdmin admin() {
        return bean(EmployeeAdmin.class);
    }

    private HibobSimulatorProperties properties() {
        return bean(HibobSimulatorProperties.class);
    }
}
