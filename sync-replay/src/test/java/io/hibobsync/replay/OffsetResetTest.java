package io.hibobsync.replay;

import static io.hibobsync.replay.ReplayTestSupport.WAIT;
import static io.hibobsync.replay.ReplayTestSupport.bootstrapServers;
import static io.hibobsync.replay.ReplayTestSupport.createTopic;
import static io.hibobsync.replay.ReplayTestSupport.publish;
import static io.hibobsync.replay.ReplayTestSupport.run;
import static io.hibobsync.replay.ReplayTestSupport.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hibobsync.replay.ReplayTestSupport.Run;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code sync-replay offsets} against a real broker and a real consumer group: a stopped group re-reads from the
 * time asked; a running one is left alone.
 */
class OffsetResetTest {

    private final Instant anHourAgo = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    private String topic;
    private String group;
    private Map<Integer, Long> before;

    /**
     * Partition 0 has records at +0, +10 and +20 minutes past an hour ago; partition 1 one at +5; partition 2 none.
     * The group has read them all and stopped, like a service that was shut down.
     */
    @BeforeEach
    void a_group_that_read_everything_and_stopped() throws Exception {
        topic = uniqueName("employees");
        group = uniqueName("writer");
        createTopic(topic, 3);
        for (int minutes : new int[] {0, 10, 20}) {
            publish(topic, 0, "p0-" + minutes, "{}", anHourAgo.plus(minutes, ChronoUnit.MINUTES), new RecordHeaders());
        }
        publish(topic, 1, "p1-5", "{}", anHourAgo.plus(5, ChronoUnit.MINUTES), new RecordHeaders());
        try (KafkaConsumer<String, String> service = consumer()) {
            service.subscribe(List.of(topic));
            assertThat(keysRead(service, 4)).hasSize(4);
            service.commitSync();
        }
        before = committed();
        assertThat(before).containsEntry(0, 3L).containsEntry(1, 1L);
    }

    @Test
    void a_stopped_group_re_reads_the_topic_from_the_first_record_at_or_after_the_time() throws Exception {
        Run run = run("offsets", "--group", group, "--topic", topic, "--to", anHourAgo.plus(10, ChronoUnit.MINUTES).toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Reset 3 partition(s)", "Start the " + group + " services");
        // Partition 1 has nothing that late: its end; partition 2 is empty: 0.
        assertThat(committed()).containsExactly(Map.entry(0, 1L), Map.entry(1, 1L), Map.entry(2, 0L));
        try (KafkaConsumer<String, String> restarted = consumer()) {
            restarted.subscribe(List.of(topic));
            assertThat(keysRead(restarted, 2)).containsExactly("p0-10", "p0-20");
        }
    }

    @Test
    void a_time_before_every_record_re_reads_everything_and_the_dry_run_shows_current_and_new_offsets() throws Exception {
        Run dryRun = run("offsets", "--group", group, "--topic", topic, "--to", "2020-01-01", "--dry-run");

        assertThat(dryRun.exitCode()).isZero();
        assertThat(dryRun.out()).containsPattern("0\\s+3\\s+0").containsPattern("1\\s+1\\s+0")
                .containsPattern("2\\s+(0|none)\\s+0").contains("Dry run: nothing changed.");
        assertThat(committed()).as("a dry run changes nothing").isEqualTo(before);

        assertThat(run("offsets", "--group", group, "--topic", topic, "--to", "2020-01-01T00:00:00Z").exitCode()).isZero();
        assertThat(committed()).containsExactly(Map.entry(0, 0L), Map.entry(1, 0L), Map.entry(2, 0L));
    }

    @Test
    void refuses_while_the_group_has_a_running_member_and_changes_nothing() throws Exception {
        try (KafkaConsumer<String, String> running = runningMember()) {

            Run run = run("offsets", "--group", group, "--topic", topic, "--to", anHourAgo.toString());

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("Refused", "group " + group + " has 1 running member(s)", "Stop every instance");
            assertThat(run.out()).isEmpty();
            assertThat(committed()).isEqualTo(before);
        }
    }

    @Test
    void a_dry_run_on_a_running_group_shows_the_offsets_and_warns_it_would_be_refused() {
        try (KafkaConsumer<String, String> running = runningMember()) {

            Run run = run("offsets", "--group", group, "--topic", topic, "--to", anHourAgo.toString(), "--dry-run");

            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).contains("A real reset would be refused now", "1 running member(s)");
        }
    }

    @Test
    void an_unknown_group_is_reset_with_a_note_to_check_its_name() throws Exception {
        String newGroup = uniqueName("typo");

        Run run = run("offsets", "--group", newGroup, "--topic", topic, "--to", anHourAgo.toString(), "--dry-run");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("has committed no offset on " + topic + " yet (check the group name)")
                .containsPattern("0\\s+none\\s+0");
    }

    /** A member of the group with partitions assigned, as a running service is. */
    private KafkaConsumer<String, String> runningMember() {
        KafkaConsumer<String, String> running = consumer();
        running.subscribe(List.of(topic));
        await().atMost(WAIT).pollInSameThread().until(() -> {
            running.poll(Duration.ofMillis(100));
            return !running.assignment().isEmpty();
        });
        return running;
    }

    /** The keys the subscribed {@code consumer} reads until it has at least {@code count}. */
    private static List<String> keysRead(KafkaConsumer<String, String> consumer, int count) {
        List<String> keys = new ArrayList<>();
        await().atMost(WAIT).pollInSameThread().until(() -> {
            consumer.poll(Duration.ofMillis(100)).forEach(record -> keys.add(record.key()));
            return keys.size() >= count;
        });
        return keys;
    }

    private KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer());
    }

    /** The group's committed offsets on the topic, by partition. */
    private Map<Integer, Long> committed() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            Map<Integer, Long> offsets = new TreeMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                    .forEach((partition, offset) -> {
                        if (partition.topic().equals(topic)) {
                            offsets.put(partition.partition(), offset.offset());
                        }
                    });
            return offsets;
        }
    }
}
