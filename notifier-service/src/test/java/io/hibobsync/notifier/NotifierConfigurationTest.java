package io.hibobsync.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** notifier-service refuses to start without someone to mail, and says which variable to set. */
@ExtendWith(OutputCaptureExtension.class)
class NotifierConfigurationTest {

    @Test
    void refuses_to_start_without_NOTIFICATION_MAIL_ID_naming_it(CapturedOutput output) {
        Throwable failure = catchThrowable(() -> start("notifier.mail-to="));

        assertThat(failure).isNotNull();
        assertThat(messages(failure)).anyMatch(message -> message.contains("set NOTIFICATION_MAIL_ID"));
        assertThat(output).contains("NOTIFICATION_MAIL_ID");
    }

    @Test
    void refuses_a_NOTIFICATION_MAIL_ID_that_is_not_a_list_of_addresses(CapturedOutput output) {
        Throwable failure = catchThrowable(() -> start("notifier.mail-to=admin@example.com, the admins"));

        assertThat(failure).isNotNull();
        assertThat(output).contains("NOTIFICATION_MAIL_ID must hold e-mail addresses");
    }

    private static void start(String mailTo) {
        new SpringApplicationBuilder(NotifierApplication.class).run(
                "--spring.kafka.bootstrap-servers=" + NotifierKafka.bootstrapServers(),
                "--server.port=0",
                "--" + mailTo).close();
    }

    private static List<String> messages(Throwable failure) {
        List<String> messages = new ArrayList<>();
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            messages.add(String.valueOf(cause.getMessage()));
        }
        return messages;
    }
}
