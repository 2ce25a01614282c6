package io.hibobsync.simulator.hibob.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.hibobsync.simulator.hibob.WebhookDelivery;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookDeliveryLogTest {

    @Test
    void keeps_the_last_ten_thousand_deliveries() {
        var log = new WebhookDeliveryLog();

        for (int i = 1; i <= 10_001; i++) {
            start(log, Integer.toString(i));
        }

        assertThat(log.all()).hasSize(10_000);
        assertThat(log.all().get(0).employeeId()).isEqualTo("2");
        assertThat(log.all().get(9_999).employeeId()).isEqualTo("10001");
    }

    @Test
    void an_attempt_at_a_dropped_delivery_is_not_recorded_and_does_not_bring_it_back() {
        var log = new WebhookDeliveryLog(2);
        var dropped = start(log, "1");
        var kept = start(log, "2");
        start(log, "3");

        log.recordAttempt(dropped.id(), new WebhookDelivery.Attempt(Instant.now(), 200, null),
                WebhookDelivery.State.DELIVERED);
        log.recordAttempt(kept.id(), new WebhookDelivery.Attempt(Instant.now(), 200, null),
                WebhookDelivery.State.DELIVERED);

        assertThat(log.all()).extracting(WebhookDelivery::employeeId).containsExactly("2", "3");
        assertThat(log.all().get(0).state()).isEqualTo(WebhookDelivery.State.DELIVERED);
    }

    private static WebhookDelivery start(WebhookDeliveryLog log, String employeeId) {
        return log.start("employee.updated", employeeId, "http://localhost:1/webhooks", "application/json", "{}",
                "signature");
    }
}
