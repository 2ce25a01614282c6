package io.hibobsync.simulator.hibob;

import io.hibobsync.simulator.hibob.seed.CompanySeeding;
import io.hibobsync.simulator.hibob.webhook.WebhookDeliveryLog;
import io.hibobsync.simulator.hibob.webhook.WebhookDispatcher;
import io.hibobsync.simulator.hibob.webhook.WebhookTarget;
import io.hibobsync.simulator.support.CallLog;
import io.hibobsync.simulator.support.SimulatorFaults;

/** Puts the whole simulator back as it started, so one test's changes don't leak into the next. */
public final class SimulatorReset {

    private final CompanySeeding seeding;
    private final WebhookDispatcher dispatcher;
    private final WebhookDeliveryLog deliveries;
    private final WebhookTarget target;
    private final ApiGuards guards;
    private final SimulatorFaults faults;
    private final CallLog callLog;

    SimulatorReset(CompanySeeding seeding, WebhookDispatcher dispatcher, WebhookDeliveryLog deliveries,
                   WebhookTarget target, ApiGuards guards, SimulatorFaults faults, CallLog callLog) {
        this.seeding = seeding;
        this.dispatcher = dispatcher;
        this.deliveries = deliveries;
        this.target = target;
        this.guards = guards;
        this.faults = faults;
        this.callLog = callLog;
    }

    /** Reseeds the company; drops pending webhooks and the delivery log; the configured webhook, credentials and limits again; no faults; empty call log. */
    public void reset() {
        dispatcher.clear();
        deliveries.clear();
        target.reset();
        guards.reset();
        faults.clear();
        callLog.clear();
        seeding.seed();
    }
}
