package io.hibobsync.endtoend;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.hibobsync.kafka.test.KafkaTestBroker;
import io.hibobsync.simulator.docebo.DoceboSimulator;
import io.hibobsync.simulator.hibob.HibobSimulator;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The product as the end-to-end tests, the benchmark and the fault suite run it: a real Kafka broker, the HiBob and
 * Docebo simulators and an SMTP server (GreenMail) in this JVM, and the shipped service jars as processes
 * ({@link ServiceJars}). It wires them together (the broker's address, the simulators' URLs and credentials, the
 * webhook secret, the SMTP server); what a caller sets beyond that, it gives in {@link Settings}, service by service.
 * <p>
 * On {@link #close()} both simulators' call logs are written beside the services' logs: what to look at when a
 * figure is off.
 */
final class SyncStack implements AutoCloseable {

    static final String INGEST = "ingest-service";
    static final String ENRICH = "enrich-service";
    static final String WRITER = "docebo-writer-service";
    static final String NOTIFIER = "notifier-service";
    /** Whom notifier-service mails. */
    static final String MAIL_TO = "hr-admin@example.com";

    private static final JsonMapper json = JsonMapper.builder().build();

    /** What to start, and with which settings. */
    static final class Settings {

        private final String name;
        private Path logDir;
        private String secret = "end-to-end-webhook-secret";
        private Callable<Broker> broker = Broker::own;
        private Map<String, ?> hibob = Map.of();
        private Map<String, ?> docebo = Map.of();
        private List<String> jvmOptions = ServiceJars.QUICK_START;
        private final Map<String, Map<String, String>> services = new LinkedHashMap<>();

        private Settings(String name) {
            this.name = name;
            this.logDir = Path.of("target", "service-logs", name);
        }

        /** Where the services' and simulators' logs go; {@code target/service-logs/<name>} unless said. */
        Settings logsIn(Path dir) {
            logDir = dir;
            return this;
        }

        /** The secret HiBob signs its webhooks with, and ingest checks them with. */
        Settings secret(String webhookSecret) {
            secret = webhookSecret;
            return this;
        }

        /** The broker every test of this JVM may share, instead of one of the stack's own. */
        Settings sharedBroker() {
            broker = () -> new Broker(KafkaTestBroker.shared().bootstrapServers(), () -> { });
            return this;
        }

        /** A broker in a process of its own, which the caller may stop and start again; started and closed here. */
        Settings brokerProcess(BrokerProcess process) {
            broker = () -> {
                process.start();
                return new Broker(process.bootstrapServers(), process::close);
            };
            return this;
        }

        /** The HiBob simulator's properties ({@code HIBOB_SIM_*}); the webhook secret is the stack's. */
        Settings hibob(Map<String, ?> properties) {
            hibob = properties;
            return this;
        }

        /** The Docebo simulator's properties ({@code DOCEBO_SIM_*}). */
        Settings docebo(Map<String, ?> properties) {
            docebo = properties;
            return this;
        }

        /** The services' JVM options: {@link ServiceJars#QUICK_START} unless said. */
        Settings jvmOptions(List<String> options) {
            jvmOptions = List.copyOf(options);
            return this;
        }

        /** Runs {@code module} wired to the rest, and nothing more. */
        Settings service(String module) {
            return service(module, Map.of());
        }

        /** Runs {@code module} wired to the rest, with these environment variables besides (or instead). */
        Settings service(String module, Map<String, String> environment) {
            services.put(module, Map.copyOf(environment));
            return this;
        }
    }

    /** The broker's address, and how to stop it when the stack closes. */
    private record Broker(String bootstrapServers, AutoCloseable stop) {

        static Broker own() {
            KafkaTestBroker broker = KafkaTestBroker.start();
            return new Broker(broker.bootstrapServers(), broker::close);
        }
    }

    /** Settings for a stack called {@code name} (the folder of its logs). */
    static Settings named(String name) {
        return new Settings(name);
    }

    /** The broker, the simulators and the SMTP server, but no service yet: {@link #startServices()} starts them. */
    static SyncStack prepare(Settings settings) throws Exception {
        return new SyncStack(settings);
    }

    /** Everything: the broker, the simulators, the SMTP server and the services. */
    static SyncStack start(Settings settings) throws Exception {
        SyncStack stack = new SyncStack(settings);
        try {
            stack.startServices();
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    private final Settings settings;
    private final Broker broker;
    final HibobSimulator hibob;
    final DoceboSimulator docebo;
    final ServiceJars services;
    private final int smtpPort;
    private GreenMail smtp;
    private final List<MimeMessage> mailsOfStoppedServers = new ArrayList<>();
    /** Every outcome on {@code docebo-sync-outcomes} from its beginning; followed once the services are ready. */
    OutcomeCollector outcomes;

    private SyncStack(Settings settings) throws Exception {
        this.settings = settings;
        services = new ServiceJars(settings.logDir);
        smtpPort = ServiceJars.freePort();
        // Should a simulator not start, the broker ends with the test JVM: an embedded one lives in it, a container
        // goes with Testcontainers' reaper, and BrokerProcess has a shutdown hook.
        broker = settings.broker.call();
        Map<String, Object> hibobProperties = new HashMap<>(settings.hibob);
        hibobProperties.put("HIBOB_SIM_WEBHOOK_SECRET", settings.secret);
        hibob = HibobSimulator.start(hibobProperties);
        docebo = DoceboSimulator.start(settings.docebo);
        startSmtp();
    }

    /**
     * The services of the settings, all at once (they declare overlapping topics, and KafkaAdmin takes "already
     * exists" as done); returns once each is ready, or throws what kept one from starting.
     */
    void startServices() throws Exception {
        long started = System.nanoTime();
        ExecutorService starting = Executors.newFixedThreadPool(Math.max(1, settings.services.size()));
        try {
            List<Future<ServiceJars.Service>> starts = new ArrayList<>();
            for (String module : settings.services.keySet()) {
                Callable<ServiceJars.Service> start = () -> services.start(module, environment(module),
                        settings.jvmOptions);
                starts.add(starting.submit(start));
            }
            for (Future<ServiceJars.Service> start : starts) {
                try {
                    start.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
        } finally {
            starting.shutdownNow();
        }
        outcomes = new OutcomeCollector(bootstrapServers());
        System.out.printf("Stack %s: %s ready in %.1f s%n", settings.name, String.join(", ",
                settings.services.keySet()), (System.nanoTime() - started) / 1e9);
    }

    /** What {@code module} runs with: the wiring to the rest of the stack, then the settings' own variables. */
    Map<String, String> environment(String module) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers());
        // No nightly reconciliation in the middle of a run (CI may run at 02:00): the webhooks must do the work.
        environment.put("SYNC_RECONCILE_CRON", "-");
        switch (module) {
            case INGEST -> environment.put("HIBOB_WEBHOOK_SECRET", settings.secret);
            case ENRICH -> {
                environment.put("HIBOB_API_URL", hibob.apiUrl());
                environment.put("HIBOB_SERVICE_USER_ID", hibob.serviceUserId());
                environment.put("HIBOB_SERVICE_USER_TOKEN", hibob.serviceUserToken());
            }
            case WRITER -> {
                environment.put("DOCEBO_URL", docebo.baseUrl());
                environment.put("DOCEBO_CLIENT_ID", docebo.clientId());
                environment.put("DOCEBO_CLIENT_SECRET", docebo.clientSecret());
                environment.put("DOCEBO_USERNAME", docebo.username());
                environment.put("DOCEBO_PASSWORD", docebo.password());
            }
            case NOTIFIER -> {
                environment.put("NOTIFICATION_MAIL_ID", MAIL_TO);
                environment.put("SPRING_MAIL_HOST", "127.0.0.1");
                environment.put("SPRING_MAIL_PORT", String.valueOf(smtpPort));
            }
            default -> throw new IllegalArgumentException("not a service: " + module);
        }
        environment.putAll(settings.services.getOrDefault(module, Map.of()));
        return environment;
    }

    /** Registers ingest's endpoint as HiBob's webhook; whether ingest answered HiBob's Ping test. */
    boolean registerWebhook() {
        return hibob.registerWebhook(ingestUrl(), settings.secret).reachable();
    }

    String ingestUrl() {
        return "http://127.0.0.1:" + services.service(INGEST).port() + "/webhooks/hibob";
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** Where the services' logs and the simulators' call logs go. */
    Path logDir() {
        return settings.logDir.toAbsolutePath();
    }

    /** Every mail the SMTP server accepted so far, those of earlier (stopped) server instances included. */
    synchronized List<MimeMessage> mails() {
        List<MimeMessage> all = new ArrayList<>(mailsOfStoppedServers);
        if (smtp != null) {
            all.addAll(List.of(smtp.getReceivedMessages()));
        }
        return all;
    }

    /** SMTP down: nothing listens on its port any more. */
    synchronized void stopSmtp() {
        if (smtp != null) {
            mailsOfStoppedServers.addAll(List.of(smtp.getReceivedMessages()));
            smtp.stop();
            smtp = null;
        }
    }

    /** SMTP back, on the same port. */
    synchronized void startSmtp() {
        if (smtp == null) {
            smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
        }
    }

    private void writeCallLogs() {
        Path dir = logDir();
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve("hibob-calls.tsv"), hibob.callLog().calls().stream()
                    .map(call -> call.time() + "\t" + call.method() + " " + call.path() + "\t" + call.status()
                            + "\t" + searchedIds(call.body()) + " ids")
                    .toList());
            Files.write(dir.resolve("docebo-calls.tsv"), docebo.callLog().calls().stream()
                    .map(call -> call.time() + "\t" + call.method() + " " + call.path() + "\t" + call.query() + "\t"
                            + call.status() + "\t" + call.body().length() + " bytes\t"
                            + call.body().substring(0, Math.min(4000, call.body().length())).replace('\n', ' '))
                    .toList());
        } catch (IOException | RuntimeException e) {
            System.out.println("Could not write the call logs of " + settings.name + ": " + e);
        }
    }

    /** How many employee ids a HiBob search asked for. */
    private static int searchedIds(String body) {
        try {
            JsonNode values = json.readTree(body).path("filters").path(0).path("values");
            return values.isArray() ? values.size() : 0;
        } catch (RuntimeException notJson) {
            return 0;
        }
    }

    @Override
    public void close() {
        writeCallLogs();
        try {
            if (outcomes != null) {
                outcomes.close();
            }
            services.close();
            broker.stop().close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            System.out.println("Stopping the broker of " + settings.name + ": " + e);
        } finally {
            stopSmtp();
            hibob.close();
            docebo.close();
        }
    }
}
