package io.hibobsync.notifier.mail;

import io.hibobsync.notifier.NotifierProperties;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSender;
import org.springframework.mail.SimpleMailMessage;

/**
 * Sends a mail to {@code NOTIFICATION_MAIL_ID} on the thread of the listener that wants it: returns once the SMTP
 * server accepted it, throws {@link MailException} when it did not. So a listener acknowledges its records only after
 * their mail is out, and when it is not, the exception is the listener's failure that the container retries after a
 * back-off ({@code NotifierKafkaConfiguration}).
 */
public class Mailer {

    private static final Logger log = LoggerFactory.getLogger(Mailer.class);

    private final MailSender mailSender;
    private final MailComposer composer;
    private final NotifierProperties properties;
    private final NotifierMetrics metrics;
    // The listeners' consumer threads send in parallel; this is only for the log line when SMTP is back.
    private final AtomicInteger failedAttempts = new AtomicInteger();

    public Mailer(MailSender mailSender, MailComposer composer, NotifierProperties properties,
            NotifierMetrics metrics) {
        this.mailSender = mailSender;
        this.composer = composer;
        this.properties = properties;
        this.metrics = metrics;
    }

    /** One mail about {@code failures}: the failure itself when there is one, else a digest. */
    public void failures(List<Failure> failures) {
        send(failures.size() == 1 ? "failure" : "digest", composer.failures(failures));
        metrics.failuresNotified(failures);
    }

    /** A mail of its own; {@code kind} as counted in {@code notifier.mails.sent}. */
    public void send(String kind, MailContent content) {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(properties.mailFrom());
        message.setTo(properties.mailTo().toArray(String[]::new));
        message.setSubject(content.subject());
        message.setText(content.body());
        message.setSentDate(new Date());
        try {
            mailSender.send(message);
        } catch (MailException e) {
            metrics.smtpFailed();
            log.warn("The SMTP server did not take the {} mail \"{}\" ({}); nothing is committed, it is tried again "
                    + "after a back-off (attempt {} failed)", kind, content.subject(), rootMessage(e),
                    failedAttempts.incrementAndGet());
            throw e;
        }
        int failed = failedAttempts.getAndSet(0);
        if (failed > 0) {
            log.info("The SMTP server takes mail again after {} failed attempt(s)", failed);
        }
        metrics.mailSent(kind);
        log.info("Mailed {} to {}: {}", kind, String.join(", ", properties.mailTo()), content.subject());
    }

    /** The innermost cause, on one line: "ConnectException: Connection refused". */
    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? "" : ": " + cause.getMessage().replaceAll("\\s+", " ").strip();
        return cause.getClass().getSimpleName() + message;
    }
}
