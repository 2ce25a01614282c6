package io.hibobsync.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one-command local stack: a Kafka broker in KRaft mode from the Maven Central jars, then the services as child
 * JVMs, each waited for until healthy. Ctrl-C (or SIGTERM) stops the services, then the broker; the data stays.
 */
public final class LocalStack {

    static final Duration BROKER_START_TIMEOUT = Duration.ofSeconds(60);
    static final Duration SERVICE_HEALTH_TIMEOUT = Duration.ofSeconds(90);
    static final Duration SERVICE_GRACE = Duration.ofSeconds(20);
    static final Duration BROKER_GRACE = Duration.ofSeconds(30);

    private static final String USAGE = """
            Usage: java -jar local-stack/target/local-stack.jar [--kafka-only]
                   (or scripts/run-local [--no-build] [--kafka-only], which builds first)

            Starts a Kafka broker (KRaft) with its data in .local/kafka, then the services, and stops them all on Ctrl-C.
              --kafka-only   start only the broker, e.g. to run the services from an IDE

            Environment:
              LOCAL_STACK_DIR              data and logs folder (default .local, relative to the repository root)
              LOCAL_KAFKA_PORT             broker port (default 19092)
              LOCAL_KAFKA_CONTROLLER_PORT  KRaft controller port (default 19093)
              HIBOB_WEBHOOK_SECRET         webhook signing secret given to ingest-service (default local-dev-webhook-secret)
            """;

    private final StackSettings settings;
    private final Supervisor supervisor;
    private final PrintStream out;

    LocalStack(StackSettings settings, Supervisor supervisor, PrintStream out) {
        this.settings = settings;
        this.supervisor = supervisor;
        this.out = out;
    }

    public static void main(String[] args) {
        boolean kafkaOnly = false;
        for (String arg : args) {
            switch (arg) {
                case "--kafka-only" -> kafkaOnly = true;
                case "-h", "--help" -> {
                    System.out.print(USAGE);
                    return;
                }
                default -> exit(2, "Unknown argument '" + arg + "'.\n\n" + USAGE);
            }
        }

        StackSettings settings = null;
        try {
            settings = StackSettings.forThisLauncher(System.getenv());
        } catch (IllegalArgumentException e) {
            exit(2, e.getMessage());
        }
        List<ServiceSpec> services = kafkaOnly ? List.of() : Services.all(settings);
        List<String> problems = Preflight.problems(settings, services);
        if (!problems.isEmpty()) {
            exit(2, "Cannot start the local stack:\n  - " + String.join("\n  - ", problems));
        }

        Supervisor supervisor = new Supervisor(System.out, settings.repoRoot(), SERVICE_GRACE, BROKER_GRACE);
        LocalStack stack = new LocalStack(settings, supervisor, System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "local-stack-stop"));
        try {
            stack.start(services);
        } catch (StartupFailure e) {
            if (supervisor.isStopping()) {
                return; // Ctrl-C during start-up: the shutdown hook is stopping what did start
            }
            System.err.println(e.getMessage());
            stack.stop();
            exit(1, "The local stack did not start.");
        }
        stack.printSummary(services);

        Optional<String> failure = supervisor.awaitUnexpectedExit();
        if (failure.isPresent()) {
            System.err.println(failure.get());
            stack.stop();
            exit(1, "The local stack stopped because a process died.");
        }
        // Otherwise a stop is under way (Ctrl-C): the shutdown hook finishes it.
    }

    void start(List<ServiceSpec> services) throws StartupFailure {
        if (!ChildProcess.detachedFromTerminal()) {
            out.println("Note: no `setsid` on this system, so Ctrl-C also reaches the children directly"
                    + " and they may stop in any order.");
        }
        KafkaBroker broker = broker();
        out.println("Starting Kafka on " + broker.bootstrapServers() + " (data " + settings.display(broker.dataDir())
                + ", log " + settings.display(broker.logFile()) + ") ...");
        long began = System.nanoTime();
        KafkaBroker.Started started = broker.start(supervisor, BROKER_START_TIMEOUT);
        out.println("  Kafka is up in " + secondsSince(began) + (started.formatted()
                ? ", on freshly formatted storage (cluster id " + started.clusterId() + ")"
                : ", reusing its data (cluster id " + started.clusterId() + ")"));

        for (ServiceSpec service : services) {
            out.println("Starting " + service.name() + " on port " + service.port() + " (log "
                    + settings.display(logOf(service)) + ") ...");
            began = System.nanoTime();
            supervisor.startService(service, settings.logDir(), SERVICE_HEALTH_TIMEOUT);
            out.println("  " + service.name() + " is UP in " + secondsSince(began));
        }
        if (!services.isEmpty()) {
            registerWebhook();
        }
    }

    /** As an HR admin would in Bob: point the HiBob simulator's webhook at ingest, which answers its Ping test. */
    private void registerWebhook() throws StartupFailure {
        String body = "{\"url\":\"" + Services.webhookUrl() + "\",\"secret\":\"" + settings.webhookSecret() + "\"}";
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(Services.hibobSimulatorUrl() + "/sim/webhooks"))
                            .header("Content-Type", "application/json")
                            .timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() / 100 != 2 || !answer.body().contains("\"reachable\":true")) {
                throw new StartupFailure("The HiBob simulator could not register ingest's webhook (HTTP "
                        + answer.statusCode() + "): " + answer.body());
            }
            out.println("Registered the webhook " + Services.webhookUrl() + " in the HiBob simulator (Ping test answered)");
        } catch (IOException e) {
            throw new StartupFailure("Could not reach the HiBob simulator to register the webhook: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupFailure("Interrupted while registering the webhook");
        }
    }

    /** Stops everything, once, whoever asks first: Ctrl-C's shutdown hook or a failure. */
    void stop() {
        if (supervisor.stopAll()) {
            out.println("Local stack stopped. Kafka data kept in " + settings.display(settings.kafkaDataDir())
                    + " (rm -rf " + settings.display(settings.stackDir()) + " to start afresh).");
        }
    }

    void printSummary(List<ServiceSpec> services) {
        KafkaBroker broker = broker();
        String row = "  %-24s %-26s %s%n";
        out.println();
        out.println("The local stack is up.");
        out.printf(Locale.ROOT, row, "Kafka", broker.bootstrapServers(), settings.display(broker.logFile())
                + "  (data " + settings.display(broker.dataDir()) + ")");
        services.forEach(service -> out.printf(Locale.ROOT, row, service.name(), service.url(),
                settings.display(logOf(service))));
        out.println();
        String portPrefix = settings.kafkaPort() == StackSettings.DEFAULT_KAFKA_PORT
                ? "" : StackSettings.KAFKA_PORT_ENV + "=" + settings.kafkaPort() + " ";
        if (services.isEmpty()) {
            out.println("Run the services with KAFKA_BOOTSTRAP_SERVERS=" + broker.bootstrapServers());
        } else {
            out.println("Hire someone in HiBob:  scripts/hibob-sim hire --first Ada --last Lovelace --department Engineering");
            out.println("See them in Docebo:     " + "http://127.0.0.1:" + Services.DOCEBO_SIMULATOR_PORT + "/");
            out.println("Error mails (inbox):    " + Services.mailCatcherUrl() + "  (.eml files in "
                    + settings.display(Services.mailDir(settings)) + ")");
            out.println("Send a sample webhook:  scripts/send-webhook");
        }
        out.println("Watch a topic:          " + portPrefix + "scripts/show-topic hibob-webhooks --from-beginning");
        out.println("Start afresh:           stop, then rm -rf " + settings.display(settings.stackDir()));
        out.println("Ctrl-C to stop.");
    }

    private KafkaBroker broker() {
        return new KafkaBroker(settings.kafkaDataDir(), settings.logDir(), settings.kafkaPort(),
                settings.controllerPort(), settings.childClasspath());
    }

    private Path logOf(ServiceSpec service) {
        return service.logFile(settings.logDir());
    }

    private static String secondsSince(long startNanos) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startNanos) / 1e9);
    }

    private static void exit(int code, String message) {
        System.err.println(message);
        System.exit(code);
    }
}
