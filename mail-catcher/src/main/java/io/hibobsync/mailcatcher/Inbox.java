package io.hibobsync.mailcatcher;

import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The folder of received mails: one {@code .eml} file each (RFC 822, opens in any mail program), named by the time
 * it arrived so that the names sort in arrival order. The folder is the inbox: files put there or removed by hand
 * show up or disappear on the page.
 */
final class Inbox {

    /** The most mails the page lists, newest first. */
    static final int PAGE_SIZE = 500;

    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}\\.eml");

    private final Path dir;
    private final Session session = Session.getInstance(new Properties());
    private final AtomicInteger sequence = new AtomicInteger();

    /** What the list shows of a mail. */
    record Summary(String name, Instant receivedAt, String from, String to, String subject) {
    }

    /** A mail to read: its summary, its main headers and its text. */
    record View(Summary summary, String date, String text) {
    }

    Inbox(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the mail folder " + this.dir + " (MAIL_CATCHER_DIR)", e);
        }
    }

    Path dir() {
        return dir;
    }

    /** Writes the mail as a new {@code .eml} file. */
    Path save(MimeMessage message, Instant receivedAt) throws IOException, MessagingException {
        String name = FILE_TIME.format(receivedAt) + "-" + String.format("%04d", sequence.incrementAndGet() % 10_000)
                + ".eml";
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
            message.writeTo(out);
        }
        return file;
    }

    /** The newest {@link #PAGE_SIZE} mails, newest first. */
    List<Summary> list() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> FILE_NAME.matcher(file.getFileName().toString()).matches())
                    .sorted(Comparator.comparing((Path file) -> file.getFileName().toString()).reversed())
                    .limit(PAGE_SIZE)
                    .map(this::summaryOrNull)
                    .filter(summary -> summary != null)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
    }

    Optional<View> read(String name) {
        return file(name).map(file -> {
            try {
                MimeMessage message = parse(file);
                String date = message.getHeader("Date", null);
                return new View(summary(file, message), date == null ? "" : date, text(message));
            } catch (IOException | MessagingException e) {
                return new View(new Summary(name, receivedAt(file), "", "", "(unreadable: " + e.getMessage() + ")"),
                        "", "");
            }
        });
    }

    /** The file of a mail, if {@code name} is one of the folder's {@code .eml} files (nothing outside it). */
    Optional<Path> file(String name) {
        if (name == null || !FILE_NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        Path file = dir.resolve(name).normalize();
        return file.getParent().equals(dir) && Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    private Summary summaryOrNull(Path file) {
        try {
            return summary(file, parse(file));
        } catch (IOException | MessagingException e) {
            return new Summary(file.getFileName().toString(), receivedAt(file), "", "", "(unreadable)");
        }
    }

    private Summary summary(Path file, MimeMessage message) throws MessagingException {
        String from = message.getFrom() == null ? "" : addresses(message.getFrom());
        String to = message.getRecipients(Message.RecipientType.TO) == null ? ""
                : addresses(message.getRecipients(Message.RecipientType.TO));
        String subject = message.getSubject() == null ? "(no subject)" : message.getSubject();
        return new Summary(file.getFileName().toString(), receivedAt(file), from, to, subject);
    }

    private MimeMessage parse(Path file) throws IOException, MessagingException {
        try (InputStream in = Files.newInputStream(file)) {
            return new MimeMessage(session, in);
        }
    }

    private static String addresses(jakarta.mail.Address[] addresses) {
        return Arrays.stream(addresses)
                .map(address -> address instanceof InternetAddress internet ? internet.toUnicodeString()
                        : address.toString())
                .collect(Collectors.joining(", "));
    }

    /** The first text/plain part, else the first text part; what a person reads. */
    private static String text(Part part) throws MessagingException, IOException {
        if (part.isMimeType("text/plain")) {
            return String.valueOf(part.getContent());
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                String text = text(child);
                if (!text.isEmpty()) {
                    if (child.isMimeType("text/plain")) {
                        return text;
                    }
                    texts.add(text);
                }
            }
            return texts.isEmpty() ? "" : texts.get(0);
        }
        if (part.isMimeType("text/*")) {
            return String.valueOf(part.getContent());
        }
        return "";
    }

    private static Instant receivedAt(Path file) {
        String name = file.getFileName().toString();
        try {
            return FILE_TIME.parse(name.substring(0, 19), Instant::from);
        } catch (RuntimeException notOurs) {
            try {
                return Files.getLastModifiedTime(file).toInstant();
            } catch (IOException e) {
                return Instant.EPOCH;
            }
        }
    }
}
