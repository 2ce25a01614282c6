package io.hibobsync.mailcatcher;

import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * GreenMail's SMTP server on {@code MAIL_CATCHER_SMTP_PORT}: accepts every mail for every recipient, without
 * authentication, and writes it to the {@link Inbox} before answering the client, so a mail the sender saw accepted
 * is on disk. Reported in health as {@code smtp}.
 */
@Component("smtp")
class SmtpCatcher implements SmartLifecycle, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(SmtpCatcher.class);

    private final MailCatcherProperties properties;
    private final Inbox inbox;
    // One SMTP transaction is handed over once per recipient: the mail is written at its first.
    private final Set<MovingMessage> saved = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private GreenMail server;

    SmtpCatcher(MailCatcherProperties properties, Inbox inbox) {
        this.properties = properties;
        this.inbox = inbox;
    }

    @Override
    public synchronized void start() {
        GreenMail greenMail = new GreenMail(
                new ServerSetup(properties.smtpPort(), properties.smtpBindAddress(), ServerSetup.PROTOCOL_SMTP));
        UserManager users = greenMail.getUserManager();
        MessageDeliveryHandler deliverToAnyone = users.getMessageDeliveryHandler();
        users.setMessageDeliveryHandler((message, recipient) -> {
            if (saved.add(message)) {
                try {
                    Path file = inbox.save(message.getMessage(), Instant.now());
                    log.info("Mail \"{}\" to {} saved as {}", message.getMessage().getSubject(),
                            message.getToAddresses(), file.getFileName());
                } catch (IOException e) {
                    throw new jakarta.mail.MessagingException("Could not save the mail in " + inbox.dir(), e);
                }
            }
            return deliverToAnyone.handle(message, recipient);
        });
        try {
            greenMail.start();
        } catch (RuntimeException e) {
            throw new IllegalStateException("Could not listen for SMTP on " + properties.smtpBindAddress() + ":"
                    + properties.smtpPort() + " (MAIL_CATCHER_SMTP_PORT): is another mail server using it?", e);
        }
        server = greenMail;
        log.info("Catching mail on smtp://{}:{}, saved as .eml files in {}", properties.smtpBindAddress(),
                properties.smtpPort(), inbox.dir());
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return server != null && server.isRunning();
    }

    @Override
    public Health health() {
        return isRunning()
                ? Health.up().withDetail("port", properties.smtpPort()).withDetail("folder", inbox.dir().toString())
                        .build()
                : Health.down().withDetail("port", properties.smtpPort()).build();
    }
}
