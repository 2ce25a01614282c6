package io.hibobsync.ingest.hibob;

/**
 * The parts of a HiBob v2 webhook that ingest-service needs; the body itself travels on unchanged. Nothing else
 * of the envelope ({@code companyId}, {@code triggeredAt}, {@code triggeredBy}, {@code version}, unknown fields)
 * is read here, so nothing else can make a signed delivery fail.
 *
 * @param type       e.g. {@code employee.updated}, never blank (surrounding white space removed)
 * @param employeeId {@code data.employeeId} when the event carries a usable one, always for {@code employee.*}
 *                   and {@code table.entry.*}; {@code null} otherwise (e.g. time off, tasks, future types)
 */
public record WebhookEnvelope(String type, String employeeId) {

    /** {@code employee.*} and {@code table.entry.*} events are about one employee and must name them. */
    public static boolean isAboutAnEmployee(String type) {
        return type.startsWith("employee.") || type.startsWith("table.entry.");
    }
}
