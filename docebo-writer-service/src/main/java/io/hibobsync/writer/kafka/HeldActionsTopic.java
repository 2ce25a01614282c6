package io.hibobsync.writer.kafka;

import io.hibobsync.contracts.HeldAction;
import io.hibobsync.contracts.Topics;
import io.hibobsync.writer.sync.DeactivationBrake;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The held actions of the safety brake on the compacted topic {@code sync-held}: read whole at start (before
 * the listeners), written through at once, so a restart holds what was held. The command line reads the same
 * topic to list them.
 */
class HeldActionsTopic implements DeactivationBrake.HeldStore, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(HeldActionsTopic.class);

    private final KafkaTemplate<String, byte[]> kafka;
    private final JsonMapper json;
    private final KafkaAdmin admin;
    private final Map<String, HeldAction> byEmployeeId = new ConcurrentHashMap<>();
    private volatile boolean running;

    HeldActionsTopic(KafkaTemplate<String, byte[]> kafka, KafkaAdmin admin, JsonMapper json) {
        this.kafka = kafka;
        this.admin = admin;
        this.json = json;
    }

    /** Reads what is held before the listeners start (they start in a later phase), once the topic exists. */
    @Override
    public void start() {
        CompactedTopic.readToEnd(admin, Topics.SYNC_HELD, record -> {
            if (record.value() == null) {
                byEmployeeId.remove(record.key());
            } else {
                byEmployeeId.put(record.key(), json.readValue(record.value(), HeldAction.class));
            }
        }).close(Duration.ofSeconds(5));
        if (!byEmployeeId.isEmpty()) {
            log.warn("The safety brake holds {} deactivation(s) or deletion(s) from before the restart; review them "
                    + "with sync-replay held", byEmployeeId.size());
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }

    @Override
    public Optional<HeldAction> held(String employeeId) {
        return Optional.ofNullable(byEmployeeId.get(employeeId));
    }

    @Override
    public void hold(HeldAction action) {
        write(action.employeeId(), json.writeValueAsBytes(action));
        byEmployeeId.put(action.employeeId(), action);
    }

    @Override
    public void release(String employeeId) {
        write(employeeId, null);
        byEmployeeId.remove(employeeId);
    }

    @Override
    public Collection<HeldAction> all() {
        return List.copyOf(byEmployeeId.values());
    }

    private void write(String employeeId, byte[] value) {
        try {
            kafka.send(Topics.SYNC_HELD, employeeId, value).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // Thrown into the listener: the poll is retried, nothing is written to Docebo for it meanwhile.
            throw new IllegalStateException("Could not write the held action of employee " + employeeId + " to "
                    + Topics.SYNC_HELD + ": " + e.getMessage(), e);
        }
    }
}
