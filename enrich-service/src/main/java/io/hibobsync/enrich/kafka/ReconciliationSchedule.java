package io.hibobsync.enrich.kafka;

import io.hibobsync.contracts.SyncCommand;
import io.hibobsync.contracts.Topics;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The nightly reconciliation: a full sync nobody has to ask for, which catches what webhooks missed (a webhook
 * HiBob disabled, a service that was down, a secret rotated badly). It is an ordinary FULL_SYNC command on
 * {@code sync-commands}, so it goes through the same read, identity rules and safety brake as any run. The run id
 * is {@code reconcile-<scheduled minute>}: every enrich instance publishes the same id, and it runs once. The
 * notifier mails its result only when it corrected something.
 */
@Component
class ReconciliationSchedule {

    private static final Logger log = LoggerFactory.getLogger(ReconciliationSchedule.class);

    private final KafkaTemplate<String, Object> kafka;
    private final Clock clock;

    ReconciliationSchedule(KafkaTemplate<String, Object> kafka, @Value("${enrich.reconcile.zone}") String zone) {
        this.kafka = kafka;
        this.clock = Clock.system(ZoneId.of(zone));
    }

    @Scheduled(cron = "${enrich.reconcile.cron}", zone = "${enrich.reconcile.zone}")
    void reconcile() {
        String runId = "reconcile-" + LocalDateTime.now(clock).truncatedTo(ChronoUnit.MINUTES);
        SyncCommand command = new SyncCommand(runId, SyncCommand.Kind.FULL_SYNC, List.of(), "schedule",
                clock.instant(), false);
        try {
            kafka.send(Topics.SYNC_COMMANDS, runId, command).get(30, TimeUnit.SECONDS);
            log.info("Nightly reconciliation {} asked for (SYNC_RECONCILE_CRON)", runId);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // Another instance may have published it; if none did, the next scheduled one will.
            log.error("Could not ask for the reconciliation {}: {}", runId, e.getMessage());
        }
    }
}
