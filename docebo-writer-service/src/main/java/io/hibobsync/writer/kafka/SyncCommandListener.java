package io.hibobsync.writer.kafka;

import io.hibobsync.contracts.EmployeeSnapshot;
import io.hibobsync.contracts.HeldAction;
import io.hibobsync.contracts.SyncCommand;
import io.hibobsync.contracts.SyncOutcome;
import io.hibobsync.contracts.Topics;
import io.hibobsync.writer.sync.DeactivationBrake;
import io.hibobsync.writer.sync.UserSync;
import io.hibobsync.writer.sync.WriterMemory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Acts on the administrator's decisions about held actions ({@code sync-commands}): approve applies exactly the
 * listed held deactivations and deletions, reject drops them. A listed employee no longer held (superseded,
 * decided already) is skipped, so a command delivered twice does no harm.
 */
@Component
class SyncCommandListener {

    private static final Logger log = LoggerFactory.getLogger(SyncCommandListener.class);

    private final UserSync sync;
    private final DeactivationBrake brake;
    private final WriterMemory memory;
    private final SyncOutcomes outcomes;
    private final JsonMapper json;

    SyncCommandListener(UserSync sync, DeactivationBrake brake, WriterMemory memory, SyncOutcomes outcomes,
            JsonMapper json) {
        this.sync = sync;
        this.brake = brake;
        this.memory = memory;
        this.outcomes = outcomes;
        this.json = json;
    }

    @KafkaListener(id = "docebo-writer-commands", topics = Topics.SYNC_COMMANDS,
            groupId = "docebo-writer-service-commands", batch = "false")
    void onCommand(ConsumerRecord<String, byte[]> record) {
        SyncCommand command;
        try {
            command = json.readValue(record.value(), SyncCommand.class);
        } catch (JacksonException | IllegalArgumentException unreadable) {
            log.warn("The record at {}/{}@{} is not a SyncCommand ({}); skipped", record.topic(), record.partition(),
                    record.offset(), unreadable.getMessage());
            return;
        }
        List<HeldAction> held = new ArrayList<>();
        for (String employeeId : command.employeeIds()) {
            Optional<HeldAction> action = brake.held(employeeId);
            action.ifPresentOrElse(held::add, () -> log.info("Command {}: employee {} is no longer held; skipped",
                    command.commandId(), employeeId));
        }
        log.info("Command {} from {}: {} for {} held action(s)", command.commandId(), command.requestedBy(),
                command.kind(), held.size());
        switch (command.kind()) {
            case APPROVE_HELD -> approve(command, held);
            case REJECT_HELD -> held.forEach(action -> {
                brake.release(action.employeeId(), "rejected by " + command.requestedBy());
                outcomes.publish(outcome(action, SyncOutcome.Action.UNCHANGED, "held " + action.action()
                        + " rejected by " + command.requestedBy() + "; the Docebo user stays as it is"));
            });
        }
        outcomes.flush();
    }

    private void approve(SyncCommand command, List<HeldAction> held) {
        List<EmployeeSnapshot> snapshots = held.stream().map(HeldAction::snapshot).toList();
        List<String> refused = new ArrayList<>();
        sync.applyApproved(snapshots, new UserSync.Results() {
            @Override
            public void applied(EmployeeSnapshot employee, SyncOutcome outcome) {
                outcomes.publish(outcome);
            }

            @Override
            public void refused(EmployeeSnapshot employee, RuntimeException reason) {
                refused.add(employee.employeeId());
                log.warn("Approved action of employee {} refused: {}; it stays held", employee.employeeId(),
                        reason.getMessage());
            }
        });
        memory.flush();
        held.stream().filter(action -> !refused.contains(action.employeeId()))
                .forEach(action -> brake.release(action.employeeId(), "approved by " + command.requestedBy()));
    }

    private static SyncOutcome outcome(HeldAction action, SyncOutcome.Action result, String detail) {
        EmployeeSnapshot employee = action.snapshot();
        Instant now = Instant.now();
        return new SyncOutcome(action.employeeId(), result, action.doceboUserId(), employee.event(),
                employee.deliveryId(), employee.receivedAt(), now, employee.receivedAt() == null ? -1
                : now.toEpochMilli() - employee.receivedAt().toEpochMilli(), detail);
    }
}
