package io.hibobsync.enrich.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.hibobsync.contracts.SyncCommand;
import io.hibobsync.contracts.Topics;
import io.hibobsync.kafka.test.KafkaTestBroker;
import io.hibobsync.kafka.test.TopicReader;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import tools.jackson.databind.json.JsonMapper;

/** The nightly reconciliation asks for a full sync by itself, with a run id every instance agrees on. */
class ReconciliationScheduleTest {

    private static final KafkaTestBroker broker = KafkaTestBroker.shared();

    @Test
    void publishes_a_full_sync_command_named_after_its_scheduled_minute() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            if (!admin.listTopics().names().get().contains(Topics.SYNC_COMMANDS)) {
                admin.createTopics(java.util.List.of(new NewTopic(Topics.SYNC_COMMANDS, 1, (short) 1))).all().get();
            }
        }
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class))
                .withPropertyValues("spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                        "spring.kafka.producer.value-serializer="
                                + "org.springframework.kafka.support.serializer.JacksonJsonSerializer",
                        "spring.kafka.producer.properties.spring.json.add.type.headers=false",
                        "enrich.reconcile.zone=UTC")
                .withBean(ReconciliationSchedule.class)
                .run(context -> context.getBean(ReconciliationSchedule.class).reconcile());

        SyncCommand command = TopicReader.read(broker.bootstrapServers(), Topics.SYNC_COMMANDS,
                        record -> record.key() != null && record.key().startsWith("reconcile-"), 1, Duration.ofSeconds(20))
                .stream().map(record -> JsonMapper.builder().findAndAddModules().build()
                        .readValue(record.value(), SyncCommand.class)).findFirst().orElseThrow();
        assertThat(command.kind()).isEqualTo(SyncCommand.Kind.FULL_SYNC);
        assertThat(command.commandId()).matches("reconcile-\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}");
        assertThat(command.requestedBy()).isEqualTo("schedule");
        assertThat(command.plan()).isFalse();
    }
}
