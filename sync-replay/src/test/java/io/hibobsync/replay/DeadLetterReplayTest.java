package io.hibobsync.replay;

import static io.hibobsync.replay.ReplayTestSupport.PARTITIONS;
import static io.hibobsync.replay.ReplayTestSupport.bootstrapServers;
import static io.hibobsync.replay.ReplayTestSupport.createTopic;
import static io.hibobsync.replay.ReplayTestSupport.createTopicWithDeadLetters;
import static io.hibobsync.replay.ReplayTestSupport.deadLetter;
import static io.hibobsync.replay.ReplayTestSupport.header;
import static io.hibobsync.replay.ReplayTestSupport.headerKeys;
import static io.hibobsync.replay.ReplayTestSupport.publish;
import static io.hibobsync.replay.ReplayTestSupport.publishRaw;
import static io.hibobsync.replay.ReplayTestSupport.records;
import static io.hibobsync.replay.ReplayTestSupport.run;
import static io.hibobsync.replay.ReplayTestSupport.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import io.hibobsync.contracts.Topics;
import io.hibobsync.kafka.test.BrokerContents;
import io.hibobsync.replay.ReplayTestSupport.Run;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/** {@code sync-replay dlt} against a real broker, on dead letters written by spring-kafka as the services do. */
class DeadLetterReplayTest {

    @Test
    void moves_a_dead_letter_back_to_its_original_topic_and_partition_with_the_same_bytes_and_original_headers()
            throws Exception {
        String topic = createTopicWithDeadLetters("employees");
        String employee = "3332883000000000001";
        // A partition the key would not hash to: the move must follow the header, not the key.
        int partition = (Utils.toPositive(Utils.murmur2(employee.getBytes(StandardCharsets.UTF_8))) + 1) % PARTITIONS;
        ConsumerRecord<String, byte[]> original = publish(topic, partition, employee, "{\"employeeId\":\"" + employee + "\"}");
        deadLetter(original, new IllegalStateException("Docebo has no branch with code 'RND'"));

        Run run = run("dlt", "--topic", Topics.deadLetterTopicOf(topic));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Moved 1 record(s)", "skipped 0", employee, "Docebo has no branch with code 'RND'",
                "stay on " + Topics.deadLetterTopicOf(topic));
        List<ConsumerRecord<String, byte[]>> onTopic = records(topic, 2);
        assertThat(onTopic).hasSize(2);
        ConsumerRecord<String, byte[]> moved = onTopic.stream().filter(record -> record.offset() == 1).findFirst().orElseThrow();
        assertThat(moved.partition()).isEqualTo(partition);
        assertThat(moved.key()).isEqualTo(original.key());
        assertThat(moved.value()).isEqualTo(original.value());
        assertThat(headerKeys(moved)).containsExactly("hibob-delivery-id", DeadLetter.REPLAYED_FROM);
        assertThat(header(moved, "hibob-delivery-id")).isEqualTo("delivery-" + employee);
        assertThat(header(moved, DeadLetter.REPLAYED_FROM)).isEqualTo(Topics.deadLetterTopicOf(topic) + "/" + partition + "@0");
        assertThat(BrokerContents.recordCount(bootstrapServers(), Topics.deadLetterTopicOf(topic)))
                .as("Kafka cannot delete the dead letter: it stays").isEqualTo(1);
    }

    @Test
    void moves_only_the_employees_asked_for() throws Exception {
        String topic = createTopicWithDeadLetters("employees");
        for (String employee : List.of("1001", "1002", "1003")) {
            deadLetter(publish(topic, 0, employee, "{\"employeeId\":\"" + employee + "\"}"),
                    new IllegalArgumentException("no work email"));
        }

        Run run = run("dlt", "--topic", Topics.deadLetterTopicOf(topic), "--employee", "1001", "--employee=1003");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Moved 2 record(s)", "skipped 1");
        assertThat(records(topic, 5)).extracting(ConsumerRecord::key).containsExactly("1001", "1002", "1003", "1001", "1003");
    }

    @Test
    void moves_only_records_dead_lettered_in_the_time_range() throws Exception {
        String topic = createTopicWithDeadLetters("employees");
        Instant threeHoursAgo = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        for (int hour = 0; hour < 3; hour++) {
            String employee = "200" + hour;
            deadLetter(publish(topic, hour % PARTITIONS, employee, "{}"), new IllegalStateException("failed"),
                    threeHoursAgo.plus(hour, ChronoUnit.HOURS));
        }

        Run run = run("dlt", "--topic", Topics.deadLetterTopicOf(topic),
                "--from", threeHoursAgo.plus(1, ChronoUnit.HOURS).toString(),
                "--to", threeHoursAgo.plus(2, ChronoUnit.HOURS).toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Moved 1 record(s)", "2001").doesNotContain("2000", "2002");
        assertThat(records(topic, 4)).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("2000", "2001", "2002", "2001");
    }

    @Test
    void moves_only_records_whose_error_matches_in_message_or_class_ignoring_case() throws Exception {
        String topic = createTopicWithDeadLetters("employees");
        deadLetter(publish(topic, 0, "3001", "{}"), new IllegalStateException("Docebo has no branch with code 'RND'"));
        deadLetter(publish(topic, 0, "3002", "{}"), new IllegalArgumentException("employee 3002 has no work email"));
        deadLetter(publish(topic, 0, "3003", "{}"), new UnsupportedOperationException("something else"));

        Run byMessage = run("dlt", "--topic", Topics.deadLetterTopicOf(topic), "--error", "NO BRANCH WITH CODE");
        Run byClass = run("dlt", "--topic", Topics.deadLetterTopicOf(topic), "--error", "unsupportedoperation");

        assertThat(byMessage.exitCode()).isZero();
        assertThat(byMessage.out()).contains("Moved 1 record(s)", "skipped 2");
        assertThat(byClass.out()).contains("Moved 1 record(s)", "skipped 2");
        assertThat(records(topic, 5)).extracting(ConsumerRecord::key).containsExactly("3001", "3002", "3003", "3001", "3003");
    }

    @Test
    void a_dry_run_lists_what_it_would_move_and_moves_nothing() throws Exception {
        String topic = createTopicWithDeadLetters("employees");
        deadLetter(publish(topic, 2, "4001", "{}"), new IllegalStateException("Docebo refused to create user"));
        deadLetter(publish(topic, 1, "4002", "{}"), new IllegalStateException("Docebo refused to create user"));

        Run run = run("dlt", "--topic", Topics.deadLetterTopicOf(topic), "--employee", "4001", "--dry-run");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("would move", "4001", "stage docebo-writer-service", "from " + topic + "/2@0",
                "error IllegalStateException: Docebo refused to create user",
                "Dry run: would move 1 record(s), 1 did not match; nothing was published.")
                .doesNotContain("4002");
        assertThat(BrokerContents.recordCount(bootstrapServers(), topic)).isEqualTo(2);
    }

    @Test
    void a_record_that_fails_again_after_a_move_can_be_moved_again_with_one_replay_mark() throws Exception {
        String topic = createTopicWithDeadLetters("employees");
        deadLetter(publish(topic, 0, "5001", "{}"), new IllegalStateException("first failure"));
        assertThat(run("dlt", "--topic", Topics.deadLetterTopicOf(topic)).exitCode()).isZero();
        ConsumerRecord<String, byte[]> moved = records(topic, 2).get(1);
        deadLetter(moved, new IllegalStateException("second failure"));

        Run again = run("dlt", "--topic", Topics.deadLetterTopicOf(topic), "--error", "second failure");

        assertThat(again.out()).contains("Moved 1 record(s)", "skipped 1");
        ConsumerRecord<String, byte[]> movedTwice = records(topic, 3).get(2);
        assertThat(headerKeys(movedTwice)).containsExactly("hibob-delivery-id", DeadLetter.REPLAYED_FROM);
        assertThat(header(movedTwice, DeadLetter.REPLAYED_FROM)).isEqualTo(Topics.deadLetterTopicOf(topic) + "/0@1");
    }

    @Test
    void a_dead_letter_without_spring_kafka_headers_goes_back_to_the_topic_named_without_dlt() throws Exception {
        String topic = createTopicWithDeadLetters("webhooks");
        publishRaw(Topics.deadLetterTopicOf(topic), 1, "6001", "{}");

        Run run = run("dlt", "--topic", Topics.deadLetterTopicOf(topic), "--employee", "6001");

        assertThat(run.out()).contains("Moved 1 record(s)");
        assertThat(records(topic, 1)).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("6001");
            assertThat(headerKeys(record)).containsExactly(DeadLetter.REPLAYED_FROM);
        });
    }

    @Test
    void an_empty_dead_letter_topic_moves_nothing_and_returns() throws Exception {
        String topic = createTopicWithDeadLetters("employees");

        Run run = run("dlt", "--topic", Topics.deadLetterTopicOf(topic));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Moved 0 record(s) back to their topic, skipped 0 that did not match.");
    }

    @Test
    void a_dead_letter_whose_topic_is_gone_is_reported_and_the_exit_code_says_so() throws Exception {
        String gone = uniqueName("gone");
        String dlt = Topics.deadLetterTopicOf(gone);
        createTopic(dlt, 1);
        publishRaw(dlt, null, "7001", "{}");

        Run run = run("dlt", "--topic", dlt);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("NOT moved", "7001", "has no topic '" + gone + "'");
        assertThat(run.out()).contains("Moved 0 record(s)", "FAILED to move 1");
    }
}
