package io.hibobsync.writer;

import io.hibobsync.kafka.AlertSender;
import io.hibobsync.kafka.ThrottleIncident;
import io.hibobsync.simulator.docebo.DoceboSimulator;
import io.hibobsync.writer.docebo.DoceboCallBudget;
import io.hibobsync.writer.docebo.DoceboClient;
import io.hibobsync.writer.docebo.DoceboProperties;
import io.hibobsync.writer.mapping.EmployeeScope;
import io.hibobsync.writer.mapping.MappingProperties;
import io.hibobsync.writer.mapping.UserMapper;
import io.hibobsync.writer.sync.AccountMatcher;
import io.hibobsync.writer.sync.DeactivationBrake;
import io.hibobsync.writer.sync.DoceboDirectory;
import io.hibobsync.writer.sync.DoceboWrites;
import io.hibobsync.writer.sync.UserSync;
import io.hibobsync.writer.sync.WriterMemory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.springframework.web.client.RestClient;

/**
 * The writer's decisions and writes wired as WriterKafkaConfiguration wires them, against a Docebo simulator and
 * without Kafka (memory in the JVM only): for tests of the rules themselves.
 */
final class TestWriter {

    WriterMemory memory = new WriterMemory((employeeId, state) -> { });
    private final DoceboSimulator docebo;
    private String departmentBranches;
    private String onDelete = "delete";
    private String adoptedBranch = "assign";
    private String apiAccount;
    private EmployeeScope scope = EmployeeScope.everyone();
    private int brakeCount = 10;
    private int brakePercent = 5;
    private AlertSender alerts = alert -> true;
    DeactivationBrake brake;

    private TestWriter(DoceboSimulator docebo) {
        this.docebo = docebo;
        this.apiAccount = docebo.username();
    }

    static TestWriter against(DoceboSimulator docebo) {
        return new TestWriter(docebo);
    }

    /** Another writer's memory, as a second instance (or a restarted one with other settings) would share it. */
    TestWriter memory(WriterMemory shared) {
        this.memory = shared;
        return this;
    }

    TestWriter departmentBranches(String pairs) {
        this.departmentBranches = pairs;
        return this;
    }

    TestWriter onDelete(String policy) {
        this.onDelete = policy;
        return this;
    }

    TestWriter adoptedBranch(String policy) {
        this.adoptedBranch = policy;
        return this;
    }

    TestWriter apiAccount(String username) {
        this.apiAccount = username;
        return this;
    }

    TestWriter scope(EmployeeScope scope) {
        this.scope = scope;
        return this;
    }

    TestWriter brake(int maxCount, int maxPercent, AlertSender alerts) {
        this.brakeCount = maxCount;
        this.brakePercent = maxPercent;
        this.alerts = alerts;
        return this;
    }

    UserSync build() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        DoceboProperties settings = new DoceboProperties(docebo.baseUrl(), docebo.clientId(), docebo.clientSecret(),
                docebo.username(), docebo.password(), 200, Duration.ofSeconds(10), 100, 1000, 20,
                Duration.ofMinutes(10));
        DoceboClient client = new DoceboClient(RestClient.builder(), settings, WriterTestSupport.json,
                new ThrottleIncident("test", "Docebo", Duration.ofMinutes(30), Duration.ofSeconds(5), alert -> true,
                        meters, Clock.systemUTC()),
                new DoceboCallBudget(settings.callsPerHour(), 0.9, Clock.systemUTC(), meters));
        DoceboDirectory directory = new DoceboDirectory(client, settings.directoryThreshold(), settings.directoryTtl(),
                Clock.systemUTC());
        AccountMatcher accounts = new AccountMatcher(directory, memory, apiAccount);
        brake = new DeactivationBrake(brakeCount, brakePercent, new InMemoryHeldStore(), memory, alerts,
                Clock.systemUTC());
        UserMapper mapper = new UserMapper(new MappingProperties("email", "user", null, null, null, null, null,
                departmentBranches, onDelete, adoptedBranch));
        return new UserSync(mapper, memory, accounts, directory,
                new DoceboWrites(client, memory, accounts, directory, settings.batchSize(), Clock.systemUTC()),
                brake, scope, Clock.systemUTC());
    }
}
