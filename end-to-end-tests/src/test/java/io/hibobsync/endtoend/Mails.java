package io.hibobsync.endtoend;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.List;

/** The subjects of the notifier's mails of a scenario: each should be about something that needs someone. */
final class Mails {

    private Mails() {
    }

    static List<String> subjects(List<MimeMessage> mails) {
        return mails.stream().map(Mails::subject).toList();
    }

    private static String subject(MimeMessage mail) {
        try {
            return mail.getSubject();
        } catch (MessagingException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
