package io.hibobsync.notifier;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * A real SMTP server in the test JVM (GreenMail) on a port of its own that survives a stop: a stopped server is an
 * SMTP outage, and the next {@link #start()} comes back on the same port, as a mail server does after a restart.
 */
final class Smtp implements AutoCloseable {

    private final int port;
    private final List<Mail> earlier = new ArrayList<>();
    private GreenMail server;

    /** A received mail, read into plain values. */
    record Mail(String subject, String body, List<String> to, String from) {

        boolean mentions(String text) {
            return subject.contains(text) || body.contains(text);
        }
    }

    Smtp() {
        this.port = freePort();
        start();
    }

    int port() {
        return port;
    }

    synchronized void start() {
        server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
    }

    /** The outage: the port answers no more. Mails received so far are kept. */
    synchronized void stop() {
        earlier.addAll(read(server.getReceivedMessages()));
        server.stop();
    }

    /** Every mail received since this server was created, across restarts; one per recipient. */
    synchronized List<Mail> mails() {
        List<Mail> all = new ArrayList<>(earlier);
        if (server.isRunning()) {
            all.addAll(read(server.getReceivedMessages()));
        }
        return all;
    }

    /** The mails that mention {@code text}, one per message (the copies of other recipients left out). */
    List<Mail> mailsMentioning(String text) {
        return mails(mail -> mail.mentions(text));
    }

    synchronized List<Mail> mails(Predicate<Mail> matching) {
        List<Mail> unique = new ArrayList<>();
        for (Mail mail : mails()) {
            if (matching.test(mail) && !unique.contains(mail)) {
                unique.add(mail);
            }
        }
        return unique;
    }

    @Override
    public synchronized void close() {
        if (server.isRunning()) {
            server.stop();
        }
    }

    private static List<Mail> read(MimeMessage[] messages) {
        List<Mail> mails = new ArrayList<>();
        for (MimeMessage message : messages) {
            try {
                Object content = message.getContent();
                String body = content instanceof String text ? text : GreenMailUtil.getBody(message);
                mails.add(new Mail(message.getSubject(), body.replace("\r\n", "\n"),
                        Arrays.stream(message.getAllRecipients()).map(Address::toString).toList(),
                        message.getFrom()[0].toString()));
            } catch (MessagingException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return mails;
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
