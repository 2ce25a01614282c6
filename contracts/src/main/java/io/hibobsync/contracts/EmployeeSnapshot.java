package io.hibobsync.contracts;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * An employee as HiBob described them when enrich-service read them, published on
 * {@link Topics#HIBOB_EMPLOYEES} keyed by {@link #employeeId()}. HiBob's mixed answer shapes (nested categories,
 * slash keys, list ids or names, status casing) are normalized here, so the writer never sees them.
 * <p>
 * A field HiBob did not return (the service user may not read it) is {@code null} here and absent from
 * {@link #fields()}: it means "unknown", never "empty", and the writer leaves the Docebo value alone.
 *
 * @param employeeId      HiBob's employee id (a ~19-digit string)
 * @param event           the HiBob event type that caused this read, e.g. {@code employee.updated}
 * @param deliveryId      the webhook delivery that caused it ({@link WebhookHeaders#DELIVERY_ID})
 * @param receivedAt      when ingest-service received that webhook: the start of the end-to-end latency
 * @param readAt          when HiBob was read; a snapshot read before the one already applied is stale
 * @param deleted         {@code employee.deleted}: the employee can no longer be read, only {@link #email()} is known
 * @param email           work email
 * @param firstName       first name
 * @param surname         surname
 * @param displayName     display name
 * @param department      department name (HiBob list value, as its display name)
 * @param site            site name
 * @param managerId       employee id of the direct manager ({@code work.reportsTo}), {@code null} when none or unknown
 * @param managerEmail    work email of the direct manager, when HiBob gave it
 * @param active          HiBob access status is Active ({@code internal.status}, compared case-insensitively);
 *                        {@code null} when unknown
 * @param lifecycleStatus {@code internal.lifecycleStatus} as HiBob wrote it (Hired, Employed, Terminated, ...)
 * @param startDate       {@code work.startDate}
 * @param terminationDate {@code internal.terminationDate}
 * @param fields          every field read, by HiBob field path ({@code work.title}), as text: what additional
 *                        Docebo fields are mapped from
 * @param runId           the full sync that read this employee ({@link SyncCommand.Kind#FULL_SYNC}); {@code null}
 *                        for a snapshot read because of a webhook
 * @param plan            a full sync's dry run: the writer says what it would do and writes nothing
 */
public record EmployeeSnapshot(
        String employeeId,
        String event,
        String deliveryId,
        Instant receivedAt,
        Instant readAt,
        boolean deleted,
        String email,
        String firstName,
        String surname,
        String displayName,
        String department,
        String site,
        String managerId,
        String managerEmail,
        Boolean active,
        String lifecycleStatus,
        LocalDate startDate,
        LocalDate terminationDate,
        Map<String, String> fields,
        String runId,
        boolean plan) {

    public EmployeeSnapshot {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }

    /** A snapshot read because of a webhook. */
    public EmployeeSnapshot(String employeeId, String event, String deliveryId, Instant receivedAt, Instant readAt,
            boolean deleted, String email, String firstName, String surname, String displayName, String department,
            String site, String managerId, String managerEmail, Boolean active, String lifecycleStatus,
            LocalDate startDate, LocalDate terminationDate, Map<String, String> fields) {
        this(employeeId, event, deliveryId, receivedAt, readAt, deleted, email, firstName, surname, displayName,
                department, site, managerId, managerEmail, active, lifecycleStatus, startDate, terminationDate, fields,
                null, false);
    }

    /** The same employee, read by the full sync {@code runId} ({@code plan}: a dry run). */
    public EmployeeSnapshot inRun(String runId, boolean plan) {
        return new EmployeeSnapshot(employeeId, event, deliveryId, receivedAt, readAt, deleted, email, firstName,
                surname, displayName, department, site, managerId, managerEmail, active, lifecycleStatus, startDate,
                terminationDate, fields, runId, plan);
    }

    /** What enrich publishes for {@code employee.deleted}: the record is gone from HiBob, the email is all we have. */
    public static EmployeeSnapshot deletion(String employeeId, String email, String deliveryId, Instant receivedAt,
            Instant readAt) {
        return new EmployeeSnapshot(employeeId, "employee.deleted", deliveryId, receivedAt, readAt, true, email,
                null, null, null, null, null, null, null, null, null, null, null, Map.of());
    }
}
