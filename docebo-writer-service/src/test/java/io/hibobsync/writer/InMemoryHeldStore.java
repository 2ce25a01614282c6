package io.hibobsync.writer;

import io.hibobsync.contracts.HeldAction;
import io.hibobsync.writer.sync.DeactivationBrake;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Held actions in a map, for tests of the rules without Kafka. */
final class InMemoryHeldStore implements DeactivationBrake.HeldStore {

    private final Map<String, HeldAction> held = new LinkedHashMap<>();

    @Override
    public Optional<HeldAction> held(String employeeId) {
        return Optional.ofNullable(held.get(employeeId));
    }

    @Override
    public void hold(HeldAction action) {
        held.put(action.employeeId(), action);
    }

    @Override
    public void release(String employeeId) {
        held.remove(employeeId);
    }

    @Override
    public Collection<HeldAction> all() {
        return List.copyOf(held.values());
    }
}
