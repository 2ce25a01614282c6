package io.hibobsync.enrich.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.hibobsync.enrich.hibob.DeletionNotConfirmedException;
import io.hibobsync.enrich.hibob.DeletionNotConfirmedYetException;
import io.hibobsync.enrich.hibob.EmployeeNotFoundException;
import io.hibobsync.enrich.hibob.HibobAuthException;
import io.hibobsync.enrich.hibob.HibobRateLimitedException;
import io.hibobsync.enrich.hibob.HibobUnavailableException;
import io.hibobsync.enrich.sync.EnrichMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.util.backoff.BackOffExecution;

/** The waits the error handler gets, by what failed, as it asks for them: failure reported, then next wait. */
class RetryPolicyTest {

    private static final List<String> IDS = List.of("3332883911884669725");

    private final RetryPolicy policy = new RetryPolicy(
            new RetryProperties(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(4), Duration.ofSeconds(10)),
            Duration.ofMinutes(5), new EnrichMetrics(new SimpleMeterRegistry()));
    private final ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("hibob-webhooks", 3, 17, "k", new byte[0]);

    @Test
    void backs_off_exponentially_from_transient_failures_then_gives_up() {
        RuntimeException unavailable = new HibobUnavailableException("HiBob answered 503", IDS, null);
        BackOffExecution execution = start(record, unavailable);

        // 1 + 2 + 4 + 4 s waited: the 10 s budget is used up, the record goes to the dead-letter topic.
        assertThat(waits(execution, unavailable, 5)).containsExactly(1000L, 2000L, 4000L, 4000L, BackOffExecution.STOP);
    }

    @Test
    void keeps_a_records_budget_when_spring_kafka_starts_a_new_back_off_for_it() {
        RuntimeException unavailable = new HibobUnavailableException("HiBob answered 503", IDS, null);
        assertThat(waits(start(record, unavailable), unavailable, 2)).containsExactly(1000L, 2000L);

        // A batch from another partition succeeded in between: spring-kafka forgot this record's back-off.
        assertThat(waits(start(record, unavailable), unavailable, 1)).containsExactly(4000L);

        // Another record of the partition starts afresh.
        ConsumerRecord<String, byte[]> next = new ConsumerRecord<>("hibob-webhooks", 3, 18, "k", new byte[0]);
        assertThat(start(next, unavailable).nextBackOff()).isEqualTo(1000L);
    }

    @Test
    void dead_letters_permanent_failures_at_once() {
        var notFound = new EmployeeNotFoundException("3332883911884669725", 61);
        assertThat(waits(start(record, notFound), notFound, 1)).containsExactly(BackOffExecution.STOP);
    }

    @Test
    void retries_an_unconfirmed_deletion_until_its_grace_ends_whatever_the_transient_budget() {
        // Ten minutes of grace left: the 10 s transient budget does not cut it short.
        var pending = new DeletionNotConfirmedYetException("3332883911884669725", "ada@example.com", "Active",
                "Employed", Duration.ZERO, Duration.ofMinutes(10));
        BackOffExecution execution = start(record, pending);
        assertThat(waits(execution, pending, 6)).containsExactly(1000L, 2000L, 4000L, 4000L, 4000L, 4000L);

        // The last try comes when the grace ends, not later.
        var almostOver = new DeletionNotConfirmedYetException("3332883911884669725", "ada@example.com", "Active",
                "Employed", Duration.ofMillis(8500), Duration.ofSeconds(10));
        assertThat(waits(execution, almostOver, 1)).containsExactly(1500L);
    }

    @Test
    void dead_letters_a_deletion_hibob_still_does_not_confirm_after_the_grace_at_once() {
        var refuted = new DeletionNotConfirmedException("3332883911884669725", "ada@example.com", "Active",
                "Employed", Duration.ofMinutes(11));
        assertThat(waits(start(record, refuted), refuted, 1)).containsExactly(BackOffExecution.STOP);
    }

    @Test
    void waits_what_hibob_asked_for_each_429_without_using_up_the_budget() {
        var limited = new HibobRateLimitedException("429", IDS, Duration.ofSeconds(30));
        BackOffExecution execution = start(record, limited);
        assertThat(waits(execution, limited, 1)).containsExactly(30_000L);
        assertThat(waits(execution, new HibobRateLimitedException("429", IDS, Duration.ofSeconds(7)), 20))
                .containsOnly(7_000L);
        assertThat(waits(execution, new HibobUnavailableException("503", IDS, null), 1)).containsExactly(1000L);
    }

    @Test
    void never_gives_up_on_a_record_because_hibob_refuses_the_credentials() {
        var refused = new HibobAuthException("401", IDS, 401);
        BackOffExecution execution = start(record, refused);

        assertThat(waits(execution, refused, 50)).containsOnly(300_000L);
        assertThat(waits(execution, new HibobUnavailableException("503", IDS, null), 1)).containsExactly(1000L);
    }

    @Test
    void each_records_wait_follows_that_records_own_failure_whatever_failed_since_elsewhere() {
        ConsumerRecord<String, byte[]> other = new ConsumerRecord<>("hibob-webhooks", 4, 5, "k", new byte[0]);
        var limited = new HibobRateLimitedException("429", IDS, Duration.ofSeconds(30));
        BackOffExecution first = start(record, limited);
        policy.failedDelivery(record, wrapped(record, limited), 1);

        // On the same consumer thread, a record of another partition fails for another reason.
        var unavailable = new HibobUnavailableException("503", IDS, null);
        BackOffExecution second = start(other, unavailable);
        policy.failedDelivery(other, wrapped(other, unavailable), 1);

        assertThat(first.nextBackOff()).isEqualTo(30_000L);
        assertThat(second.nextBackOff()).isEqualTo(1000L);
    }

    // As the error handler starts one: on a record's first failure, or after it forgot the record's last back-off.
    private BackOffExecution start(ConsumerRecord<String, byte[]> failed, RuntimeException cause) {
        return policy.backOff(failed, wrapped(failed, cause)).start();
    }

    private List<Long> waits(BackOffExecution execution, RuntimeException cause, int times) {
        List<Long> waits = new java.util.ArrayList<>();
        for (int i = 0; i < times; i++) {
            policy.failedDelivery(record, wrapped(record, cause), i + 1);
            waits.add(execution.nextBackOff());
        }
        return waits;
    }

    // How the error handler receives it from a batch listener.
    private static ListenerExecutionFailedException wrapped(ConsumerRecord<String, byte[]> failed,
            RuntimeException cause) {
        return new ListenerExecutionFailedException("Listener failed",
                new BatchListenerFailedException(cause.getMessage(), cause, failed));
    }
}
