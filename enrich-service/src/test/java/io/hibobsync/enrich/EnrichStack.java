package io.hibobsync.enrich;

import io.hibobsync.kafka.test.KafkaTestBroker;
import io.hibobsync.simulator.hibob.HibobSimulator;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What every enrich-service integration test stands on: the shared broker, a HiBob simulator of the test class's
 * own, and the test's side of Kafka ({@link EnrichKafka}). Registered as an extension
 * ({@code @RegisterExtension static final}), it gives every test a HiBob without faults and stops the simulator and
 * the test's clients after the class. Every test class has its own HiBob and its own context
 * ({@code @DirtiesContext}): only one enrich-service may consume the shared broker at a time.
 */
final class EnrichStack implements BeforeEachCallback, AfterAllCallback {

    private final KafkaTestBroker broker = KafkaTestBroker.shared();
    private final HibobSimulator hibob;
    private final EnrichKafka kafka;

    private EnrichStack(Map<String, Object> simulatorSettings) {
        this.hibob = HibobSimulator.start(simulatorSettings);
        this.kafka = new EnrichKafka(broker.bootstrapServers());
    }

    /**
     * A HiBob seeded with {@code employees} at random, that lets enrich-service search as often as it likes (its own
     * budget aside), with {@code settings} on top ({@code HIBOB_SIM_*}).
     */
    static EnrichStack withHibob(int employees, Map<String, Object> settings) {
        Map<String, Object> all = new HashMap<>(Map.of(
                "HIBOB_SIM_SEED_EMPLOYEES", employees,
                "HIBOB_SIM_RANDOM_SEED", System.nanoTime(),
                "HIBOB_SIM_SEARCH_RATE_LIMIT_PER_MINUTE", 1000));
        all.putAll(settings);
        return new EnrichStack(all);
    }

    static EnrichStack withHibob(int employees) {
        return withHibob(employees, Map.of());
    }

    /** Points the enrich-service under test at the shared broker and at this HiBob, with its credentials. */
    void pointAt(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", broker::bootstrapServers);
        registry.add("hibob.api-url", hibob::apiUrl);
        registry.add("hibob.service-user-id", hibob::serviceUserId);
        registry.add("hibob.service-user-token", hibob::serviceUserToken);
    }

    HibobSimulator hibob() {
        return hibob;
    }

    EnrichKafka kafka() {
        return kafka;
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        hibob.faults().clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        kafka.close();
        hibob.close();
    }
}
