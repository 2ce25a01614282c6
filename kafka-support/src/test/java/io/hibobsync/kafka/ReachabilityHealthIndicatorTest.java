package io.hibobsync.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

class ReachabilityHealthIndicatorTest {

    @Test
    void is_up_while_something_listens_and_down_once_nothing_does() throws Exception {
        int port;
        try (ServerSocket listening = new ServerSocket(0)) {
            port = listening.getLocalPort();
            ReachabilityHealthIndicator health =
                    new ReachabilityHealthIndicator(URI.create("http://127.0.0.1:" + port + "/v1"), Duration.ofSeconds(1));
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        }
        ReachabilityHealthIndicator health =
                new ReachabilityHealthIndicator(URI.create("http://127.0.0.1:" + port + "/v1"), Duration.ofSeconds(1));
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.health().getDetails()).containsKey("error").containsEntry("url", "http://127.0.0.1:" + port);
    }
}
