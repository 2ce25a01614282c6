package io.hibobsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ServicesTest {

    private final StackSettings settings = StackSettings.fromEnvironment(
            Map.of("LOCAL_KAFKA_PORT", "29092", "HIBOB_WEBHOOK_SECRET", "s3cret"), Path.of("/repo"), "cp");

    @Test
    void runs_the_four_services_from_their_module_jars_on_distinct_ports() {
        assertThat(Services.all(settings)).extracting(ServiceSpec::name, ServiceSpec::jar, ServiceSpec::port)
                .containsExactly(
                        tuple("ingest-service",
                                Path.of("/repo/ingest-service/target/ingest-service.jar"), 8080),
                        tuple("enrich-service",
                                Path.of("/repo/enrich-service/target/enrich-service.jar"), 8081),
                        tuple("docebo-writer-service",
                                Path.of("/repo/docebo-writer-service/target/docebo-writer-service.jar"), 8082),
                        tuple("notifier-service",
                                Path.of("/repo/notifier-service/target/notifier-service.jar"), 8083));
    }

    @Test
    void points_every_service_at_the_local_broker_and_gives_ingest_the_webhook_secret() {
        assertThat(Services.all(settings)).allSatisfy(service ->
                assertThat(service.env()).containsEntry("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:29092"));
        assertThat(Services.all(settings).get(0).env()).containsEntry("HIBOB_WEBHOOK_SECRET", "s3cret");
        assertThat(Services.all(settings).subList(1, 4))
                .allSatisfy(service -> assertThat(service.env()).doesNotContainKey("HIBOB_WEBHOOK_SECRET"));
    }
}
