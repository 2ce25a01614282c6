package io.hibobsync.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class SyncTopicsTest {

    private static final String THIRTY_DAYS_MS = "2592000000";

    @Test
    void declares_each_topic_beside_its_dead_letter_topic_with_the_same_partitions() {
        List<NewTopic> declared = new SyncTopics(new SyncTopicsProperties(12, (short) 3, null, null))
                .topicsAndDeadLetterTopics("hibob-webhooks", "hibob-employees");

        assertThat(declared).extracting(NewTopic::name)
                .containsExactly("hibob-webhooks", "hibob-webhooks-dlt", "hibob-employees", "hibob-employees-dlt");
        assertThat(declared).allSatisfy(topic -> {
            assertThat(topic.numPartitions()).isEqualTo(12);
            assertThat(topic.replicationFactor()).isEqualTo((short) 3);
        });
    }

    @Test
    void leaves_the_replication_factor_to_the_broker_unless_one_is_set() {
        NewTopic topic = new SyncTopics(new SyncTopicsProperties(null, (short) -1, null, null))
                .newTopic("docebo-sync-outcomes");

        assertThat(topic.numPartitions()).isEqualTo(6);
        // NewTopic encodes "the broker's default" as -1.
        assertThat(topic.replicationFactor()).isEqualTo((short) -1);
        assertThat(new SyncTopics(new SyncTopicsProperties(1, null, null, null)).newTopic("t").replicationFactor())
                .isEqualTo((short) -1);
    }

    @Test
    void keeps_webhooks_snapshots_and_outcomes_30_days_and_dead_letters_and_alerts_until_replayed_by_default() {
        SyncTopics topics = new SyncTopics(new SyncTopicsProperties(null, null, null, null));

        for (String stream : List.of("hibob-webhooks", "hibob-employees", "docebo-sync-outcomes")) {
            assertThat(topics.newTopic(stream).configs()).as(stream)
                    .containsExactlyInAnyOrderEntriesOf(Map.of("retention.ms", THIRTY_DAYS_MS, "cleanup.policy", "delete"));
        }
        for (String keptUntilReplayed : List.of("hibob-webhooks-dlt", "hibob-employees-dlt", "sync-alerts")) {
            assertThat(topics.newTopic(keptUntilReplayed).configs()).as(keptUntilReplayed)
                    .containsExactlyInAnyOrderEntriesOf(Map.of("retention.ms", "-1", "cleanup.policy", "delete"));
        }
    }

    @Test
    void gives_every_declaration_the_retention_of_its_kind() {
        SyncTopics topics = new SyncTopics(new SyncTopicsProperties(null, null, "14d", "90d"));

        assertThat(retentions(topics.topicsAndDeadLetterTopics("hibob-webhooks", "hibob-employees"))).containsExactly(
                Map.entry("hibob-webhooks", "1209600000"), Map.entry("hibob-webhooks-dlt", "7776000000"),
                Map.entry("hibob-employees", "1209600000"), Map.entry("hibob-employees-dlt", "7776000000"));
        assertThat(retentions(List.of(topics.newTopic("docebo-sync-outcomes"), topics.newTopic("sync-alerts"))))
                .containsExactly(Map.entry("docebo-sync-outcomes", "1209600000"), Map.entry("sync-alerts", "7776000000"));
    }

    @Test
    void compacts_a_memory_topic_without_deleting_anything_by_age() {
        NewTopic memory = new SyncTopics(new SyncTopicsProperties(3, (short) 2, "14d", "90d"))
                .compactedTopic("docebo-writer-memory");

        assertThat(memory.name()).isEqualTo("docebo-writer-memory");
        assertThat(memory.numPartitions()).isEqualTo(3);
        assertThat(memory.replicationFactor()).isEqualTo((short) 2);
        assertThat(memory.configs()).containsExactly(Map.entry("cleanup.policy", "compact"));
    }

    @Test
    void reads_spring_durations_and_minus_one_infinite_or_blank_as_kept_forever() {
        assertThat(new SyncTopicsProperties(null, null, "30d", null).retentionMs()).isEqualTo(2_592_000_000L);
        assertThat(new SyncTopicsProperties(null, null, "720h", null).retentionMs()).isEqualTo(2_592_000_000L);
        assertThat(new SyncTopicsProperties(null, null, "P7D", null).retentionMs()).isEqualTo(604_800_000L);
        assertThat(new SyncTopicsProperties(null, null, " ", null).retentionMs()).as("blank: the default")
                .isEqualTo(2_592_000_000L);
        assertThat(new SyncTopicsProperties(null, null, "infinite", null).retentionMs()).isEqualTo(-1);
        for (String forever : Arrays.asList(null, "", " ", "-1", "infinite", "INFINITE")) {
            assertThat(new SyncTopicsProperties(null, null, null, forever).deadLetterRetentionMs()).as("'%s'", forever)
                    .isEqualTo(-1);
        }
        assertThat(new SyncTopicsProperties(null, null, null, "365d").deadLetterRetentionMs()).isEqualTo(31_536_000_000L);
    }

    @Test
    void refuses_a_retention_that_is_no_duration_or_too_short_naming_the_variable() {
        assertThatIllegalArgumentException().isThrownBy(() -> new SyncTopicsProperties(null, null, "a month", null))
                .withMessageContaining("SYNC_TOPIC_RETENTION").withMessageContaining("'a month'");
        assertThatIllegalArgumentException().isThrownBy(() -> new SyncTopicsProperties(null, null, "30", null))
                .withMessageContaining("SYNC_TOPIC_RETENTION").withMessageContaining("milliseconds");
        assertThatIllegalArgumentException().isThrownBy(() -> new SyncTopicsProperties(null, null, "-5d", null))
                .withMessageContaining("SYNC_TOPIC_RETENTION must be at least 1h");
        assertThatIllegalArgumentException().isThrownBy(() -> new SyncTopicsProperties(null, null, null, "forever"))
                .withMessageContaining("SYNC_DEAD_LETTER_RETENTION").withMessageContaining("'forever'");
        assertThatIllegalArgumentException().isThrownBy(() -> new SyncTopicsProperties(null, null, null, "10m"))
                .withMessageContaining("SYNC_DEAD_LETTER_RETENTION must be at least 1h");
    }

    @Test
    void a_service_with_a_bad_retention_refuses_to_start_and_says_which_variable() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, SyncKafkaAutoConfiguration.class))
                .withPropertyValues("sync.topics.retention=30 days")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("SYNC_TOPIC_RETENTION").hasMessageContaining("'30 days'"));
    }

    private static Map<String, String> retentions(List<NewTopic> declared) {
        return declared.stream().collect(Collectors.toMap(NewTopic::name, topic -> topic.configs().get("retention.ms"),
                (a, b) -> a, LinkedHashMap::new));
    }
}
