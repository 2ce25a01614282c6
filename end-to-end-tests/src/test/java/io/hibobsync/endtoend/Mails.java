package io.hibobsync.endtoend;

import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The notifier's mails of a scenario, told apart: those about something that needs someone, and false alarms: a
 * "HiBob has no employee" dead letter about employees HiBob deleted (nothing to do, as the runbook says), which
 * enrich-service sends when the deletion's webhook comes after the grace period of an earlier webhook of the same
 * employee, counted from that webhook's receipt (a known defect, README "Reliability").
 */
final class Mails {

    private static final Pattern NOT_FOUND = Pattern.compile("HiBob has no employee (\\d+)");
    private static final Pattern EMPLOYEE = Pattern.compile("\\b(\\d{19})\\b");

    /** Subjects of the mails that need someone, and of the false alarms. */
    record Count(List<String> needed, List<String> falseAlarms) {

        @Override
        public String toString() {
            return needed + (falseAlarms.isEmpty() ? "" : " and " + falseAlarms.size() + " false alarm(s) " + falseAlarms);
        }
    }

    private Mails() {
    }

    static Count count(List<MimeMessage> mails, Set<String> deletedEmployees) {
        List<String> needed = new ArrayList<>();
        List<String> falseAlarms = new ArrayList<>();
        for (MimeMessage mail : mails) {
            String subject = subject(mail);
            (isFalseAlarm(mail, subject, deletedEmployees) ? falseAlarms : needed).add(subject);
        }
        return new Count(List.copyOf(needed), List.copyOf(falseAlarms));
    }

    /** Only "HiBob has no employee" failures, every employee it names deleted in HiBob. */
    private static boolean isFalseAlarm(MimeMessage mail, String subject, Set<String> deletedEmployees) {
        String text = subject + "\n" + GreenMailUtil.getBody(mail);
        Matcher notFound = NOT_FOUND.matcher(text);
        if (!notFound.find()) {
            return false;
        }
        Set<String> named = new LinkedHashSet<>();
        Matcher employee = EMPLOYEE.matcher(text);
        while (employee.find()) {
            named.add(employee.group(1));
        }
        return !named.isEmpty() && deletedEmployees.containsAll(named);
    }

    private static String subject(MimeMessage mail) {
        try {
            return mail.getSubject();
        } catch (MessagingException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
