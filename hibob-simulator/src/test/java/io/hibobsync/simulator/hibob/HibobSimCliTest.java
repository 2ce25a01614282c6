package io.hibobsync.simulator.hibob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code scripts/hibob-sim} against a running simulator, as a person at a terminal would use it. */
class HibobSimCliTest {

    static final Path SCRIPT = Path.of("..", "scripts", "hibob-sim").toAbsolutePath().normalize();

    @RegisterExtension
    static final WebhookReceiver receiver = WebhookReceiver.start();
    static HibobSimulator hibob;

    record Run(int exitCode, String out, String err) {
    }

    @BeforeAll
    static void start() {
        hibob = HibobSimulator.start(Map.of("hibob.simulator.seed-employees", 12));
    }

    @AfterAll
    static void stop() {
        hibob.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        assumeThat(Files.isExecutable(SCRIPT)).as(SCRIPT + " is executable").isTrue();
        assumeThat(new ProcessBuilder("curl", "--version").start().waitFor()).as("curl is installed").isZero();
        hibob.reset();
        receiver.clear();
    }

    @Test
    void help_prints_usage() throws Exception {
        var run = run("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: hibob-sim").contains("register-webhook").contains("HIBOB_SIM_URL");
    }

    @Test
    void hire_update_terminate_and_delete_send_their_webhooks() throws Exception {
        var ceo = hibob.employees().get(0);
        assertThat(run("register-webhook", receiver.url()).exitCode()).isZero();

        var hired = run("hire", "--first", "Ada", "--last", "Lovelace \"the first\"", "--email", "ada@example.org",
                "--department", "Engineering", "--site", "London", "--manager", ceo.id(), "--field", "about.about=Poet");
        var ada = hibob.employee("ada@example.org").orElseThrow();
        var updated = run("update", ada.id(), "work.department=Sales", "about.about=");
        var terminated = run("terminate", ada.id(), "--date", "2025-06-30");
        var deleted = run("delete", ada.id());

        assertThat(List.of(hired, updated, terminated, deleted)).allSatisfy(r -> assertThat(r.exitCode()).as(r.err()).isZero());
        assertThat(ada.field("root.surname")).isEqualTo("Lovelace \"the first\"");
        assertThat(ada.managerId()).isEqualTo(ceo.id());
        assertThat(ada.field("about.about")).isEqualTo("Poet");
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.eventTypes().size() == 5);
        assertThat(receiver.eventTypes()).containsExactly("employee.created", "employee.updated", "employee.left",
                "employee.inactivated", "employee.deleted");
        assertThat(receiver.events().get(1).text()).contains("\"fieldUpdates\":[\"work.department\",\"about.about\"]");
    }

    @Test
    void list_shows_a_table_and_search_calls_the_api_with_the_service_user() throws Exception {
        var list = run("list");
        var search = run("search", "--inactive", "root.id", "root.email");

        assertThat(list.out()).contains("EMAIL").contains(hibob.employees().get(0).email()).contains("12 employees");
        assertThat(search.exitCode()).isZero();
        assertThat(search.out()).contains(hibob.employees().get(11).email());
        assertThat(hibob.callLog().calls("POST", "/v1/people/search")).singleElement()
                .satisfies(call -> assertThat(call.status()).isEqualTo(200));
    }

    @Test
    void faults_switch_on_and_off() throws Exception {
        assertThat(run("fail", "503", "--count", "1").exitCode()).isZero();

        var failed = run("search");
        var recovered = run("search");

        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.err()).contains("HTTP 503");
        assertThat(recovered.exitCode()).isZero();
    }

    @Test
    void errors_exit_non_zero_with_the_simulators_message() throws Exception {
        var unknown = run("start", "42");
        var badCommand = run("frobnicate");

        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.out()).contains("No employee 42");
        assertThat(badCommand.exitCode()).isEqualTo(2);
        assertThat(badCommand.err()).contains("unknown command");
    }

    private Run run(String... args) throws IOException, InterruptedException {
        var command = new ArrayList<String>();
        command.add(SCRIPT.toString());
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command);
        builder.environment().put("HIBOB_SIM_URL", hibob.baseUrl());
        var process = builder.start();
        process.getOutputStream().close();
        // Read both streams fully before waiting, so a full pipe cannot stall the script.
        var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        var err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), out, err);
    }
}
