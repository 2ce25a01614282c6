package io.hibobsync.mailcatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A mail sent over SMTP lands as one .eml file and shows on the inbox page; health is UP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MailCatcherApplicationTest {

    private static final int SMTP_PORT = freePort();
    private static final Path DIR = tempDir();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("mail-catcher.smtp-port", () -> SMTP_PORT);
        registry.add("mail-catcher.dir", DIR::toString);
    }

    @Test
    void keeps_a_mail_for_two_recipients_as_one_eml_file_and_lists_and_shows_it() throws Exception {
        send("[hibob-docebo-sync] docebo-writer-service failed for employee 42 <employee.updated>",
                "Error: Docebo refused the change\nReplay: java -jar sync-replay/target/sync-replay.jar dlt ...");

        List<Path> files = await().atMost(Duration.ofSeconds(10)).until(MailCatcherApplicationTest::emlFiles,
                found -> !found.isEmpty());
        assertThat(files).singleElement().satisfies(file -> assertThat(Files.readString(file))
                .contains("Subject: [hibob-docebo-sync] docebo-writer-service failed for employee 42",
                        "To: admin@example.com, ops@example.com", "Docebo refused the change"));

        HttpResponse<String> inbox = get("/");
        assertThat(inbox.statusCode()).isEqualTo(200);
        assertThat(inbox.body()).contains("1 mail in", "admin@example.com, ops@example.com",
                "docebo-writer-service failed for employee 42 &lt;employee.updated&gt;",
                "href=\"/mails/" + files.get(0).getFileName() + "\"");

        HttpResponse<String> view = get("/mails/" + files.get(0).getFileName());
        assertThat(view.body()).contains("notifier@example.com", "Replay: java -jar sync-replay/target/sync-replay.jar");
        assertThat(get("/mails/" + files.get(0).getFileName() + "/eml").body()).contains("Subject: ");
        assertThat(get("/api/mails").body()).contains("\"subject\":\"[hibob-docebo-sync] docebo-writer-service");
        assertThat(get("/mails/..%2F..%2Fetc%2Fpasswd").statusCode()).isIn(400, 404);
        assertThat(get("/mails/nothing-here.eml").statusCode()).isEqualTo(404);
    }

    @Test
    void reports_up_with_its_smtp_port() throws Exception {
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"", "\"port\":" + SMTP_PORT);
    }

    private static void send(String subject, String text) throws MessagingException {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", Integer.toString(SMTP_PORT));
        MimeMessage message = new MimeMessage(Session.getInstance(props));
        message.setFrom(new InternetAddress("notifier@example.com"));
        message.setRecipients(Message.RecipientType.TO, InternetAddress.parse("admin@example.com, ops@example.com"));
        message.setSubject(subject, "UTF-8");
        message.setText(text, "UTF-8");
        Transport.send(message);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<Path> emlFiles() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(file -> file.toString().endsWith(".eml")).toList();
        }
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("mail-catcher-test");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
