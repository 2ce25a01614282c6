package io.hibobsync.localstack;

import static io.hibobsync.localstack.TestProcesses.fakeServiceJar;
import static io.hibobsync.localstack.TestProcesses.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor against real child JVMs: {@link FakeService} started as a service jar. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SupervisorTest {

    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private Supervisor supervisor;
    private Path fakeJar;
    private Path logDir;

    @BeforeEach
    void setUp() throws IOException {
        fakeJar = fakeServiceJar(dir);
        logDir = dir.resolve("logs");
        supervisor = supervisorWithGrace(Duration.ofSeconds(15));
    }

    @AfterEach
    void stopWhateverIsLeft() {
        supervisor.stopAll();
    }

    @Test
    void starts_a_service_jar_on_its_port_waits_until_healthy_and_stops_it_with_sigterm() throws Exception {
        ServiceSpec service = fake("fake-a", "up");

        ChildProcess child = supervisor.startService(service, logDir, HEALTH_TIMEOUT);

        assertThat(child.isAlive()).isTrue();
        assertThat(child.log()).isEqualTo(logDir.resolve("fake-a.log"));
        assertThat(Files.readString(child.log())).contains("listening on " + service.port());
        assertThat(child.pidFile()).hasContent(Long.toString(child.pid()));

        assertThat(supervisor.stopAll()).isTrue();

        assertThat(child.isAlive()).isFalse();
        assertThat(Files.readString(child.log())).as("a SIGTERM lets the JVM run its shutdown hooks")
                .contains("shutdown hook ran");
        assertThat(child.pidFile()).doesNotExist();
        assertThat(output()).contains("Stopping fake-a ...", "fake-a stopped");
        assertThat(supervisor.stopAll()).as("a second stop has nothing to do").isFalse();
    }

    @Test
    void runs_children_outside_the_launchers_process_group_so_a_terminal_ctrl_c_reaches_only_the_launcher()
            throws Exception {
        assumeThat(ChildProcess.detachedFromTerminal()).as("setsid on the PATH").isTrue();
        assumeThat(Path.of("/proc/self/stat")).exists();

        ChildProcess child = supervisor.startService(fake("fake-a", "up"), logDir, HEALTH_TIMEOUT);

        assertThat(Files.readString(child.log())).as("setsid replaced itself with the JVM: signals reach the JVM")
                .contains("fake service pid " + child.pid() + " ");
        assertThat(processGroupOf("self")).isNotEqualTo(processGroupOf(Long.toString(child.pid())));
    }

    @Test
    void reports_a_child_that_dies_unexpectedly_with_its_last_log_lines() throws Exception {
        ServiceSpec survivor = fake("fake-a", "up");
        ServiceSpec victim = fake("fake-b", "up");
        ChildProcess survivorProcess = supervisor.startService(survivor, logDir, HEALTH_TIMEOUT);
        supervisor.startService(victim, logDir, HEALTH_TIMEOUT);

        get(URI.create(victim.url() + "/die"));
        Optional<String> report = supervisor.awaitUnexpectedExit();

        assertThat(report).hasValueSatisfying(text -> assertThat(text)
                .contains("fake-b stopped unexpectedly (exit code 3)")
                .contains("dying with exit code 3 as asked"));
        assertThat(survivorProcess.isAlive()).isTrue();
    }

    @Test
    void says_nothing_when_children_exit_because_the_stack_is_stopping() throws Exception {
        supervisor.startService(fake("fake-a", "up"), logDir, HEALTH_TIMEOUT);
        CompletableFuture<Optional<String>> watch = CompletableFuture.supplyAsync(supervisor::awaitUnexpectedExit);

        supervisor.stopAll();

        assertThat(watch.get(10, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void a_service_that_exits_while_starting_fails_at_once_with_its_log() {
        ServiceSpec service = fake("fake-crash", "crash");

        assertThatThrownBy(() -> supervisor.startService(service, logDir, Duration.ofSeconds(50)))
                .isInstanceOf(StartupFailure.class)
                .hasMessageContaining("fake-crash exited with code 1 while starting")
                .hasMessageContaining("refusing to start, FAKE_MODE=crash");
    }

    @Test
    void a_service_that_never_reports_up_fails_after_the_timeout_with_its_log() throws Exception {
        ServiceSpec service = fake("fake-down", "down");

        assertThatThrownBy(() -> supervisor.startService(service, logDir, Duration.ofSeconds(3)))
                .isInstanceOf(StartupFailure.class)
                .hasMessageContaining("fake-down did not report UP at " + service.healthUri() + " within 3 s")
                .hasMessageContaining("in mode down listening on " + service.port());
    }

    @Test
    void kills_a_child_that_outlives_its_grace_period() throws Exception {
        supervisor = supervisorWithGrace(Duration.ofSeconds(2));
        ChildProcess child = supervisor.startService(fake("fake-stubborn", "stubborn"), logDir, HEALTH_TIMEOUT);

        supervisor.stopAll();

        assertThat(child.isAlive()).isFalse();
        assertThat(Files.readString(child.log())).contains("shutdown hook ran");
        assertThat(output()).contains("fake-stubborn did not stop within 2 s: killing it", "fake-stubborn stopped");
    }

    @Test
    void stops_the_services_while_the_infrastructure_they_use_is_still_up() throws Exception {
        int brokerPort = freePort();
        ChildProcess broker = supervisor.launch(Supervisor.Tier.INFRASTRUCTURE, "fake-broker",
                List.of(ChildProcess.javaExecutable().toString(), "-jar", fakeJar.toString()),
                Map.of("SERVER_PORT", Integer.toString(brokerPort)), logDir.resolve("fake-broker.log"));
        supervisor.awaitHealthy(broker, URI.create("http://127.0.0.1:" + brokerPort + "/actuator/health"),
                HEALTH_TIMEOUT);
        ServiceSpec service = new ServiceSpec("fake-a", fakeJar, freePort(),
                Map.of("FAKE_MODE", "up", "FAKE_DEPENDENCY_PORT", Integer.toString(brokerPort)));
        ChildProcess serviceProcess = supervisor.startService(service, logDir, HEALTH_TIMEOUT);

        supervisor.stopAll();

        assertThat(Files.readString(serviceProcess.log()))
                .contains("dependency on port " + brokerPort + " still up during shutdown");
        assertThat(broker.isAlive()).isFalse();
        assertThat(output()).containsSubsequence("Stopping fake-a ...", "Stopping fake-broker ...");
    }

    private ServiceSpec fake(String name, String mode) {
        try {
            return new ServiceSpec(name, fakeJar, freePort(), Map.of("FAKE_MODE", mode));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Supervisor supervisorWithGrace(Duration grace) {
        return new Supervisor(new PrintStream(output, true, StandardCharsets.UTF_8), dir, grace, grace);
    }

    private String output() {
        return output.toString(StandardCharsets.UTF_8);
    }

    private static void get(URI uri) throws IOException, InterruptedException {
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding());
    }

    /** Field 5 of /proc/PID/stat; the command name (field 2) may hold spaces, so count from its closing parenthesis. */
    private static String processGroupOf(String pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", pid, "stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[2];
    }
}
