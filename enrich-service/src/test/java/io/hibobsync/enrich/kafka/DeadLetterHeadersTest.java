package io.hibobsync.enrich.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.hibobsync.contracts.DeadLetterHeaders;
import io.hibobsync.enrich.hibob.DeletionNotConfirmedException;
import io.hibobsync.enrich.hibob.DeletionNotConfirmedYetException;
import io.hibobsync.enrich.hibob.EmployeeNotFoundException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

/** The headers enrich-service adds to a dead letter: the stage, the employee, and why, when it is a refusal. */
class DeadLetterHeadersTest {

    private static final String ID = "3332883911884669725";
    private final ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("hibob-webhooks", 0, 7, ID, new byte[0]);

    @Test
    void marks_an_unconfirmed_deletion_with_its_reason() {
        Headers headers = ErrorHandlingConfiguration.deadLetterHeaders(record, wrapped(
                new DeletionNotConfirmedException(ID, "ada@example.com", "Active", "Employed", Duration.ofMinutes(11))));

        assertThat(header(headers, DeadLetterHeaders.REASON)).isEqualTo(DeadLetterHeaders.REASON_DELETION_UNCONFIRMED);
        assertThat(header(headers, DeadLetterHeaders.EMPLOYEE_ID)).isEqualTo(ID);
        assertThat(header(headers, DeadLetterHeaders.FAILED_STAGE)).isEqualTo("enrich-service");
    }

    @Test
    void marks_it_too_when_the_retries_ran_out_before_the_grace() {
        Headers headers = ErrorHandlingConfiguration.deadLetterHeaders(record, wrapped(
                new DeletionNotConfirmedYetException(ID, null, null, null, Duration.ofSeconds(5),
                        Duration.ofMinutes(10))));

        assertThat(header(headers, DeadLetterHeaders.REASON)).isEqualTo(DeadLetterHeaders.REASON_DELETION_UNCONFIRMED);
    }

    @Test
    void gives_no_reason_for_ordinary_failures() {
        Headers headers = ErrorHandlingConfiguration.deadLetterHeaders(record, wrapped(
                new EmployeeNotFoundException(ID, 61)));

        assertThat(headers.lastHeader(DeadLetterHeaders.REASON)).isNull();
        assertThat(header(headers, DeadLetterHeaders.EMPLOYEE_ID)).isEqualTo(ID);
    }

    @Test
    void names_no_employee_for_a_full_sync_command_keyed_by_its_run_id() {
        var command = new ConsumerRecord<>("sync-commands", 2, 5, "5d1c7e0a-run-id", new byte[0]);

        Headers headers = ErrorHandlingConfiguration.deadLetterHeaders(command, new ListenerExecutionFailedException(
                "Listener failed", new io.hibobsync.enrich.hibob.HibobUnavailableException(
                        "HiBob answered 503 to a search for every employee", java.util.List.of(), null)));

        assertThat(header(headers, DeadLetterHeaders.FAILED_STAGE)).isEqualTo("enrich-service");
        assertThat(headers.lastHeader(DeadLetterHeaders.EMPLOYEE_ID)).isNull();
        assertThat(headers.lastHeader(DeadLetterHeaders.REASON)).isNull();
    }

    private ListenerExecutionFailedException wrapped(RuntimeException cause) {
        return new ListenerExecutionFailedException("Listener failed",
                new BatchListenerFailedException(cause.getMessage(), cause, record));
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
