package io.hibobsync.simulator.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hibobsync.kafka.test.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SimulatorFaultsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-08T13:00:00Z"));
    private final SimulatorFaults faults = new SimulatorFaults(clock);

    @Test
    void no_fault_by_default() {
        var decision = faults.decideForCall();

        assertThat(decision.latency()).isZero();
        assertThat(decision.status()).isEmpty();
        assertThat(faults.current()).isEqualTo(new ActiveFaults(0, null, null, null, null));
    }

    @Test
    void fails_exactly_the_next_n_calls() {
        faults.failNext(503, 2);

        assertThat(faults.decideForCall().status()).contains(503);
        assertThat(faults.current().remainingCount()).isEqualTo(1);
        assertThat(faults.decideForCall().status()).contains(503);
        assertThat(faults.decideForCall().status()).isEmpty();
        assertThat(faults.current().status()).isNull();
    }

    @Test
    void fails_every_call_during_the_window_then_stops() {
        faults.failFor(500, Duration.ofSeconds(20));

        assertThat(faults.decideForCall().status()).contains(500);
        clock.advance(Duration.ofSeconds(19));
        assertThat(faults.decideForCall().status()).contains(500);
        assertThat(faults.current().activeUntil()).isEqualTo(Instant.parse("2025-01-08T13:00:20Z"));
        clock.advance(Duration.ofSeconds(1));
        assertThat(faults.decideForCall().status()).isEmpty();
    }

    @Test
    void rate_limit_carries_retry_after() {
        faults.rateLimitNext(1, 5);

        var decision = faults.decideForCall();

        assertThat(decision.status()).contains(429);
        assertThat(decision.retryAfterSeconds()).contains(5);
        assertThat(faults.decideForCall().retryAfterSeconds()).isEmpty();
    }

    @Test
    void count_and_window_together_end_with_whichever_runs_out_first() {
        faults.apply(new FaultRequest(null, 503, 100, 10L, null));

        clock.advance(Duration.ofSeconds(10));

        assertThat(faults.decideForCall().status()).isEmpty();
    }

    @Test
    void a_status_alone_lasts_until_cleared() {
        faults.apply(new FaultRequest(null, 503, null, null, null));
        clock.advance(Duration.ofDays(1));

        assertThat(faults.decideForCall().status()).contains(503);
        faults.clear();
        assertThat(faults.decideForCall().status()).isEmpty();
    }

    @Test
    void latency_applies_to_every_call_and_is_kept_when_only_a_status_is_posted() {
        faults.apply(new FaultRequest(200L, null, null, null, null));
        faults.apply(new FaultRequest(null, 503, 1, null, null));

        assertThat(faults.decideForCall().latency()).isEqualTo(Duration.ofMillis(200));
        assertThat(faults.decideForCall().latency()).isEqualTo(Duration.ofMillis(200));
        assertThat(faults.current().latencyMs()).isEqualTo(200);
    }

    @Test
    void rejects_status_parts_without_a_status_and_nonsense_values() {
        assertThatThrownBy(() -> faults.apply(new FaultRequest(null, null, 3, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("need a status");
        assertThatThrownBy(() -> faults.failNext(503, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> faults.failNext(42, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> faults.failFor(503, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> faults.addLatency(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(faults.current().status()).isNull();
        assertThat(faults.decideForCall()).isEqualTo(
                new SimulatorFaults.FaultDecision(Duration.ZERO, Optional.empty(), Optional.empty()));
    }
}
