package io.hibobsync.notifier.mail;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorTextTest {

    @Test
    void takes_away_spring_kafkas_listener_wrapper_and_the_repeated_cause() {
        assertThat(ErrorText.clean("Listener method 'void a.B.c(org.apache.kafka.clients.consumer.ConsumerRecord)' "
                + "threw exception; Docebo refused to create user ada@example.com: Invalid field", 500))
                .isEqualTo("Docebo refused to create user ada@example.com: Invalid field");
        assertThat(ErrorText.clean("HiBob has no employee 42; HiBob has no employee 42", 500))
                .isEqualTo("HiBob has no employee 42");
        assertThat(ErrorText.clean("first; second", 500)).isEqualTo("first; second");
    }

    @Test
    void for_a_person_leaves_out_where_the_record_sat_in_kafka_and_exception_class_names() {
        assertThat(ErrorText.forPerson("HiBob does not return employee 42 hibob-webhooks-4@0"))
                .isEqualTo("HiBob does not return employee 42");
        assertThat(ErrorText.forPerson("Could not enrich 3 webhook(s): boom  @-0"))
                .isEqualTo("Could not enrich 3 webhook(s): boom");
        assertThat(ErrorText.forPerson("HiBob did not answer a search for employee 42: ConnectException: Connection "
                + "refused hibob-webhooks-4@0"))
                .isEqualTo("HiBob did not answer a search for employee 42: Connection refused");
        assertThat(ErrorText.forPerson("java.net.SocketTimeoutException: Read timed out")).isEqualTo("Read timed out");
        assertThat(ErrorText.forPerson("HiBob did not answer a search for employee 42: SocketTimeoutException"))
                .isEqualTo("HiBob did not answer a search for employee 42");
        assertThat(ErrorText.forPerson("Docebo refused to update user 777: Invalid field (DoceboRejectedException)"))
                .isEqualTo("Docebo refused to update user 777: Invalid field");
        assertThat(ErrorText.forPerson("Docebo refused it; Docebo refused it hibob-employees-1@17"))
                .isEqualTo("Docebo refused it");
    }

    @Test
    void for_a_person_keeps_what_only_looks_like_noise() {
        assertThat(ErrorText.forPerson("Docebo refused to create user ada-2@example.com: Invalid field"))
                .isEqualTo("Docebo refused to create user ada-2@example.com: Invalid field");
        assertThat(ErrorText.forPerson("HiBob refused a search for employee 42 with 400 (HiBob said: bad filter)"))
                .isEqualTo("HiBob refused a search for employee 42 with 400 (HiBob said: bad filter)");
        assertThat(ErrorText.forPerson("Error: the sync could not map department Sales (no branch)"))
                .isEqualTo("Error: the sync could not map department Sales (no branch)");
        assertThat(ErrorText.forPerson("BatchListenerFailedException hibob-webhooks-4@0"))
                .isEqualTo("(the failure gave no message; see the technical detail)");
    }

    @Test
    void blanks_whatever_looks_like_a_credential() {
        assertThat(ErrorText.clean("Authorization: Bearer eyJhbGciOi.abc.def and password=hunter2, "
                + "{\"client_secret\": \"s3cr3t\"} at https://user:pa55@docebo.example.com/x", 500))
                .isEqualTo("Authorization: Bearer [redacted] and password=[redacted], "
                        + "{\"client_secret\": \"[redacted]\"} at https://[redacted]@docebo.example.com/x");
        assertThat(ErrorText.clean("check HIBOB_SERVICE_USER_TOKEN (wrong, revoked or expired token)", 500))
                .isEqualTo("check HIBOB_SERVICE_USER_TOKEN (wrong, revoked or expired token)");
    }

    @Test
    void keeps_one_line_and_caps_the_length() {
        String capped = ErrorText.clean("line one\n\tat io.Foo.bar(Foo.java:1)\n" + "x".repeat(1000), 100);
        assertThat(capped).hasSize(100).endsWith("…").doesNotContain("\n");
        assertThat(ErrorText.clean(null, 100)).isEqualTo("(no error message was recorded)");
    }
}
