package io.hibobsync.localstack;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the stack starts after the broker, in start order: the HiBob and Docebo simulators and the mail catcher first
 * (the services call them), then the four services wired to them. Each entry is a jar, a port and the environment the
 * service reads, set over the launcher's own environment (so the shell can add settings, not change these).
 */
final class Services {

    static final String BUILD_COMMAND = "mvn -B -DskipTests package";
    static final int INGEST_PORT = 8080;
    static final int HIBOB_SIMULATOR_PORT = 8090;
    static final int DOCEBO_SIMULATOR_PORT = 8091;
    static final int MAIL_CATCHER_PORT = 8025;
    static final int MAIL_CATCHER_SMTP_PORT = 2525;
    /** Who gets the error mails; the mail catcher takes mail for anyone. */
    static final String NOTIFICATION_MAIL_ID = "admin@example.com";

    // The simulators' default credentials, which the services are given.
    private static final String HIBOB_SERVICE_USER_ID = "sync-service-user";
    private static final String HIBOB_SERVICE_USER_TOKEN = "sync-service-token";
    // The departments the HiBob simulator seeds, mapped to the branches the Docebo simulator seeds.
    private static final String DEPARTMENT_BRANCHES =
            "Engineering=ENG,Sales=SALES,Marketing=MKT,People=HR,Finance=FIN,Operations=OPS";

    private Services() {
    }

    static List<ServiceSpec> all(StackSettings settings) {
        Map<String, String> kafka = Map.of("KAFKA_BOOTSTRAP_SERVERS", settings.bootstrapServers());
        String hibobUrl = "http://127.0.0.1:" + HIBOB_SIMULATOR_PORT;
        String doceboUrl = "http://127.0.0.1:" + DOCEBO_SIMULATOR_PORT;
        return List.of(
                new ServiceSpec("hibob-simulator", settings.resolve("hibob-simulator/target/hibob-simulator-exec.jar"),
                        HIBOB_SIMULATOR_PORT, Map.of(
                                "HIBOB_SIM_SERVICE_USER_ID", HIBOB_SERVICE_USER_ID,
                                "HIBOB_SIM_SERVICE_USER_TOKEN", HIBOB_SERVICE_USER_TOKEN,
                                "HIBOB_SIM_WEBHOOK_SECRET", settings.webhookSecret())),
                new ServiceSpec("docebo-simulator", settings.resolve("docebo-simulator/target/docebo-simulator-exec.jar"),
                        DOCEBO_SIMULATOR_PORT, Map.of()),
                new ServiceSpec("mail-catcher", settings.resolve("mail-catcher/target/mail-catcher.jar"),
                        MAIL_CATCHER_PORT, Map.of(
                                "MAIL_CATCHER_SMTP_PORT", Integer.toString(MAIL_CATCHER_SMTP_PORT),
                                "MAIL_CATCHER_SMTP_BIND_ADDRESS", "127.0.0.1",
                                "MAIL_CATCHER_DIR", mailDir(settings).toString()),
                        Map.of("SMTP", MAIL_CATCHER_SMTP_PORT)),
                syncService("ingest-service", settings, INGEST_PORT,
                        with(kafka, Map.of(StackSettings.WEBHOOK_SECRET_ENV, settings.webhookSecret()))),
                syncService("enrich-service", settings, 8081,
                        with(kafka, Map.of(
                                "HIBOB_API_URL", hibobUrl + "/v1",
                                "HIBOB_SERVICE_USER_ID", HIBOB_SERVICE_USER_ID,
                                "HIBOB_SERVICE_USER_TOKEN", HIBOB_SERVICE_USER_TOKEN,
                                // The simulator has no read-after-write lag to wait out.
                                "HIBOB_READ_DELAY", "0s"))),
                syncService("docebo-writer-service", settings, 8082,
                        with(kafka, Map.of(
                                "DOCEBO_URL", doceboUrl,
                                "DOCEBO_CLIENT_ID", "sync-client",
                                "DOCEBO_CLIENT_SECRET", "sync-client-secret",
                                "DOCEBO_USERNAME", "sync-admin",
                                "DOCEBO_PASSWORD", "sync-admin-password",
                                "DOCEBO_DEPARTMENT_BRANCHES", DEPARTMENT_BRANCHES))),
                syncService("notifier-service", settings, 8083,
                        with(kafka, Map.of(
                                "NOTIFICATION_MAIL_ID", NOTIFICATION_MAIL_ID,
                                "SPRING_MAIL_HOST", "127.0.0.1",
                                "SPRING_MAIL_PORT", Integer.toString(MAIL_CATCHER_SMTP_PORT),
                                // Failures show up in the inbox within seconds, still a digest for a burst.
                                "NOTIFIER_DIGEST_WINDOW", "10s"))));
    }

    /**
     * One of the four services: its public port serves the webhook and the probes, its actuator (metrics, full
     * health) listens on the management port, the public port + 1000 here (9080 for ingest...): the services' own
     * MANAGEMENT_SERVER_PORT defaults, though set here explicitly so that the stack does not depend on them.
     */
    private static ServiceSpec syncService(String module, StackSettings settings, int port, Map<String, String> env) {
        int managementPort = port + 1000;
        return new ServiceSpec(module, settings.resolve(module + "/target/" + module + ".jar"), port,
                with(env, Map.of("MANAGEMENT_SERVER_PORT", Integer.toString(managementPort))),
                Map.of(ServiceSpec.MANAGEMENT, managementPort));
    }

    /** Where the HiBob simulator sends its webhooks once the stack is up: ingest-service. */
    static String webhookUrl() {
        return "http://127.0.0.1:" + INGEST_PORT + "/webhooks/hibob";
    }

    /** Where the mail catcher keeps the mails, one .eml file each. */
    static Path mailDir(StackSettings settings) {
        return settings.stackDir().resolve("mail");
    }

    static String mailCatcherUrl() {
        return "http://127.0.0.1:" + MAIL_CATCHER_PORT + "/";
    }

    static String hibobSimulatorUrl() {
        return "http://127.0.0.1:" + HIBOB_SIMULATOR_PORT;
    }

    private static Map<String, String> with(Map<String, String> env, Map<String, String> more) {
        Map<String, String> result = new HashMap<>(env);
        result.putAll(more);
        return result;
    }
}
