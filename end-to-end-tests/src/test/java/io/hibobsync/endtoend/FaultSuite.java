package io.hibobsync.endtoend;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue #12's fault suite at full size (README "Reliability"): a company of 1,000 in HiBob and all seven faults, one
 * after the other on one stack, each in the middle of a burst of HiBob changes:
 * <ol>
 *   <li>the Kafka broker stopped for 30 s, then started again;</li>
 *   <li>{@code kill -9} of each service in turn, restarted 10 s later (and once more the writer, killed while it
 *       waits for Docebo's answer: a known defect, reproduced on purpose);</li>
 *   <li>Docebo answering 503 for 60 s, then 429 for 5 min;</li>
 *   <li>HiBob answering 429 for 2 min, then 5xx for 1 min;</li>
 *   <li>SMTP down for 2 min while failures happen;</li>
 *   <li>every webhook delivered 3 times, employees interleaved at random;</li>
 *   <li>10,000 hostile requests to the webhook endpoint while real deliveries flow.</li>
 * </ol>
 * It prints one table and writes it to {@code target/fault-suite.md}; it fails, after the table, when a target is
 * missed (anything lost or duplicated, Docebo ≠ HiBob, mails other than one per incident, a 5xx or a record from
 * hostile traffic). Not part of the default build: its name matches none of surefire's patterns and only the
 * {@code faults} profile includes it ({@code scripts/fault-suite}). {@code -Dfaults.scenarios=1,2,6} runs a subset.
 */
@Tag("faults")
class FaultSuite {

    private static final int EMPLOYEES = 1_000;
    private static final Duration HEAL_LIMIT = Duration.ofMinutes(6);

    @Test
    void seven_faults_on_a_company_of_1000() throws Exception {
        Set<String> chosen = new TreeSet<>(Arrays.asList(System.getProperty("faults.scenarios", "1,2,3,4,5,6,7")
                .split("\\s*,\\s*")));
        FaultReport report = new FaultReport();
        List<String> problems = new ArrayList<>();
        long started = System.nanoTime();
        try (FaultStack stack = FaultStack.start("suite", 1_000, ServiceJars.AS_SHIPPED, 50)) {
            Duration loaded = FaultRun.initialLoad(stack, EMPLOYEES, Duration.ofMinutes(5));
            report.note("Company of " + String.format("%,d", EMPLOYEES) + " hired in HiBob at once, all in Docebo after "
                    + FaultScenarios.seconds(loaded));
            List<FaultRun.Plan> plans = new ArrayList<>();
            if (chosen.contains("1")) {
                plans.add(FaultScenarios.brokerOutage(Duration.ofSeconds(30), 200, 10, HEAL_LIMIT));
            }
            if (chosen.contains("2")) {
                for (String module : FaultStack.SERVICES) {
                    plans.add(FaultScenarios.serviceCrash(module, 200, 10, HEAL_LIMIT));
                }
                plans.add(FaultScenarios.writerKilledAwaitingDocebo(HEAL_LIMIT));
            }
            if (chosen.contains("3")) {
                plans.add(FaultScenarios.doceboOverloaded(Duration.ofSeconds(60), Duration.ofMinutes(5), 200, 5,
                        Duration.ofMinutes(8)));
            }
            if (chosen.contains("4")) {
                plans.add(FaultScenarios.hibobOverloaded(Duration.ofMinutes(2), Duration.ofMinutes(1), 200, 5,
                        HEAL_LIMIT));
            }
            if (chosen.contains("5")) {
                plans.add(FaultScenarios.smtpDown(Duration.ofMinutes(2), 100, 5, HEAL_LIMIT));
            }
            if (chosen.contains("6")) {
                plans.add(FaultScenarios.threeDeliveriesEach(300, 50, 6, HEAL_LIMIT));
            }
            for (FaultRun.Plan plan : plans) {
                FaultRun.Result result = FaultRun.run(stack, plan);
                report.add(result);
                problems.addAll(result.problems());
                report.write(Path.of("target", "fault-suite.md"));
            }
            if (chosen.contains("7")) {
                problems.addAll(new FaultScenarios.HostileAttack(10_000, Duration.ofSeconds(60), 7)
                        .runInto(stack, report, HEAL_LIMIT));
            }
            report.note("Run " + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES) + " on "
                    + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                    + String.format(java.util.Locale.ROOT, "; whole suite %d min", (System.nanoTime() - started)
                    / 60_000_000_000L) + "; logs (services, broker, call logs) in end-to-end-tests/target/fault-logs/suite/");
        } finally {
            report.write(Path.of("target", "fault-suite.md"));
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("Targets missed:\n  " + String.join("\n  ", problems));
        }
    }
}
