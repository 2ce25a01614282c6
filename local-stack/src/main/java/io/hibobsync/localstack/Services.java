package io.hibobsync.localstack;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the stack starts after the broker, in start order. The HiBob and Docebo simulators
 * ({@code hibob-simulator/target/hibob-simulator-exec.jar} on 8090,
 * {@code docebo-simulator/target/docebo-simulator-exec.jar} on 8091) and the mail catcher join by adding entries
 * here, before the services that call them.
 */
final class Services {

    static final String BUILD_COMMAND = "mvn -B -DskipTests package";

    private Services() {
    }

    static List<ServiceSpec> all(StackSettings settings) {
        Map<String, String> kafka = Map.of("KAFKA_BOOTSTRAP_SERVERS", settings.bootstrapServers());
        return List.of(
                new ServiceSpec("ingest-service", settings.resolve("ingest-service/target/ingest-service.jar"), 8080,
                        with(kafka, StackSettings.WEBHOOK_SECRET_ENV, settings.webhookSecret())),
                new ServiceSpec("enrich-service", settings.resolve("enrich-service/target/enrich-service.jar"), 8081,
                        kafka),
                new ServiceSpec("docebo-writer-service",
                        settings.resolve("docebo-writer-service/target/docebo-writer-service.jar"), 8082, kafka),
                new ServiceSpec("notifier-service", settings.resolve("notifier-service/target/notifier-service.jar"),
                        8083, kafka));
    }

    private static Map<String, String> with(Map<String, String> env, String name, String value) {
        Map<String, String> result = new HashMap<>(env);
        result.put(name, value);
        return result;
    }
}
