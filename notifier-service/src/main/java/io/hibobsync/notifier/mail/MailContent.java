package io.hibobsync.notifier.mail;

/** A plain-text mail, before it is addressed. */
public record MailContent(String subject, String body) {
}
