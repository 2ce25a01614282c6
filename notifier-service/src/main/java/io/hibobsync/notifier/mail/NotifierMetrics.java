package io.hibobsync.notifier.mail;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * At {@code /actuator/metrics}: {@code notifier.mails.sent{kind}} (failure, digest, alert, reconciliation),
 * {@code notifier.failures.notified{stage}}, {@code notifier.smtp.failures},
 * {@code notifier.reconciliations{result}} (drifted, in-step) and the gauge {@code notifier.failures.pending}
 * (failures of the dead-letter poll waiting for their mail).
 */
public class NotifierMetrics {

    private final MeterRegistry registry;
    private final Counter smtpFailures;

    public NotifierMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.smtpFailures = Counter.builder("notifier.smtp.failures")
                .description("Mails the SMTP server did not accept (each is tried again)")
                .register(registry);
    }

    void mailSent(String kind) {
        Counter.builder("notifier.mails.sent").description("Mails the SMTP server accepted").tag("kind", kind)
                .register(registry).increment();
    }

    void failuresNotified(Collection<Failure> failures) {
        failures.forEach(failure -> Counter.builder("notifier.failures.notified")
                .description("Dead-lettered records reported by mail").tag("stage", failure.stage())
                .register(registry).increment());
    }

    /** A nightly reconciliation was complete: {@code drifted} (mailed) or {@code in-step} (no mail). */
    public void reconciliation(String result) {
        Counter.builder("notifier.reconciliations")
                .description("Nightly reconciliations seen complete, by whether they found users out of step")
                .tag("result", result).register(registry).increment();
    }

    void smtpFailed() {
        smtpFailures.increment();
    }

    public void pending(Supplier<Number> pending) {
        Gauge.builder("notifier.failures.pending", pending).description("Failures waiting for their mail")
                .register(registry);
    }
}
