package io.hibobsync.writer.docebo;

/**
 * Docebo's answer for one row of a batch import: rows succeed or fail on their own.
 *
 * @param userId the user the row created or updated, when Docebo says (under {@code output} or beside
 *               {@code success}: the spec could not tell which, so both are read); {@code null} otherwise
 */
public record BatchRow(int index, boolean success, String message, String userId) {
}
