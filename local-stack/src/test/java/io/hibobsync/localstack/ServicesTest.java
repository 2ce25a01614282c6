package io.hibobsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class ServicesTest {

    private final StackSettings settings = StackSettings.fromEnvironment(
            Map.of("LOCAL_KAFKA_PORT", "29092", "HIBOB_WEBHOOK_SECRET", "s3cret"), Path.of("/repo"), "cp");

    @Test
    void runs_the_simulators_and_the_mail_catcher_then_the_four_services_from_their_module_jars_on_distinct_ports() {
        assertThat(Services.all(settings)).extracting(ServiceSpec::name, ServiceSpec::jar, ServiceSpec::port)
                .containsExactly(
                        tuple("hibob-simulator",
                                Path.of("/repo/hibob-simulator/target/hibob-simulator-exec.jar"), 8090),
                        tuple("docebo-simulator",
                                Path.of("/repo/docebo-simulator/target/docebo-simulator-exec.jar"), 8091),
                        tuple("mail-catcher",
                                Path.of("/repo/mail-catcher/target/mail-catcher.jar"), 8025),
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
    void points_every_service_at_the_local_broker_and_gives_ingest_and_the_hibob_simulator_one_webhook_secret() {
        Map<String, ServiceSpec> byName = byName();
        assertThat(List.of("ingest-service", "enrich-service", "docebo-writer-service", "notifier-service"))
                .allSatisfy(name -> assertThat(byName.get(name).env())
                        .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:29092"));
        assertThat(byName.get("ingest-service").env()).containsEntry("HIBOB_WEBHOOK_SECRET", "s3cret");
        assertThat(byName.get("hibob-simulator").env()).containsEntry("HIBOB_SIM_WEBHOOK_SECRET", "s3cret");
        assertThat(byName.get("enrich-service").env()).doesNotContainKey("HIBOB_WEBHOOK_SECRET");
    }

    @Test
    void wires_enrich_to_the_hibob_simulator_and_the_writer_to_the_docebo_simulator_with_their_credentials() {
        Map<String, ServiceSpec> byName = byName();
        assertThat(byName.get("enrich-service").env())
                .containsEntry("HIBOB_API_URL", "http://127.0.0.1:8090/v1")
                .containsEntry("HIBOB_SERVICE_USER_ID", byName.get("hibob-simulator").env().get("HIBOB_SIM_SERVICE_USER_ID"))
                .containsEntry("HIBOB_SERVICE_USER_TOKEN", byName.get("hibob-simulator").env().get("HIBOB_SIM_SERVICE_USER_TOKEN"))
                .containsEntry("HIBOB_READ_DELAY", "0s");
        assertThat(byName.get("docebo-writer-service").env())
                .containsEntry("DOCEBO_URL", "http://127.0.0.1:8091")
                .containsKeys("DOCEBO_CLIENT_ID", "DOCEBO_CLIENT_SECRET", "DOCEBO_DEPARTMENT_BRANCHES");
    }

    @Test
    void mails_the_notifiers_error_mail_to_the_mail_catcher_which_keeps_it_in_the_stack_folder() {
        Map<String, ServiceSpec> byName = byName();
        ServiceSpec catcher = byName.get("mail-catcher");
        assertThat(catcher.env())
                .containsEntry("MAIL_CATCHER_SMTP_PORT", "2525")
                .containsEntry("MAIL_CATCHER_SMTP_BIND_ADDRESS", "127.0.0.1")
                .containsEntry("MAIL_CATCHER_DIR", "/repo/.local/mail");
        assertThat(catcher.otherPorts()).containsEntry("SMTP", 2525);
        assertThat(byName.get("notifier-service").env())
                .containsEntry("NOTIFICATION_MAIL_ID", "admin@example.com")
                .containsEntry("SPRING_MAIL_HOST", "127.0.0.1")
                .containsEntry("SPRING_MAIL_PORT", "2525")
                .containsEntry("NOTIFIER_DIGEST_WINDOW", "10s");
        assertThat(Services.mailCatcherUrl()).isEqualTo("http://127.0.0.1:8025/");
    }

    @Test
    void gives_each_sync_service_its_own_management_port_and_waits_on_the_public_readiness_probe() {
        Map<String, ServiceSpec> byName = byName();
        assertThat(byName.get("ingest-service").env()).containsEntry("MANAGEMENT_SERVER_PORT", "9080");
        assertThat(byName.get("notifier-service").otherPorts()).containsEntry(ServiceSpec.MANAGEMENT, 9083);
        assertThat(byName.get("enrich-service").healthUri().toString()).isEqualTo("http://127.0.0.1:8081/readyz");
        assertThat(byName.get("hibob-simulator").healthUri().toString())
                .isEqualTo("http://127.0.0.1:8090/actuator/health");
    }

    private Map<String, ServiceSpec> byName() {
        return Services.all(settings).stream().collect(Collectors.toMap(ServiceSpec::name, service -> service));
    }
}
