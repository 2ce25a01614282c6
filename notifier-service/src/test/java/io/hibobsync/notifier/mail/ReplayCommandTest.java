package io.hibobsync.notifier.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReplayCommandTest {

    @Test
    void replay_commands_cover_a_minute_around_the_failures_and_quote_what_a_shell_would_misread() {
        ReplayCommand replay = new ReplayCommand("java -jar sync-replay/target/sync-replay.jar", "k1:9092,k2:9092");
        assertThat(replay.forEmployee("hibob-employees-dlt", "3332883854254932743",
                Instant.parse("2025-01-08T13:06:27.456Z")))
                .isEqualTo("java -jar sync-replay/target/sync-replay.jar dlt --topic hibob-employees-dlt --employee "
                        + "3332883854254932743 --from 2025-01-08T13:05:27Z --to 2025-01-08T13:07:28Z"
                        + " --bootstrap-servers k1:9092,k2:9092");
        assertThat(replay.forTopic("hibob-employees-dlt", Instant.parse("2025-01-08T13:06:27Z"),
                Instant.parse("2025-01-08T13:09:00.5Z")))
                .isEqualTo("java -jar sync-replay/target/sync-replay.jar dlt --topic hibob-employees-dlt"
                        + " --from 2025-01-08T13:05:27Z --to 2025-01-08T13:10:01Z --bootstrap-servers k1:9092,k2:9092");
        assertThat(replay.forEmployee("hibob-webhooks-dlt", "42; rm -rf ~", Instant.parse("2025-01-08T13:06:27Z")))
                .contains("--employee '42; rm -rf ~' --from");
    }
}
