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
