package io.hibobsync.ingest.hibob;

/**
 * The parts of a HiBob v2 webhook that ingest-service needs; the body itself travels on unchanged.
 *
 * @param type       e.g. {@code employee.updated}
 * @param employeeId {@code data.employeeId}; {@code null} for event types that are not about one employee
 */
public record WebhookEnvelope(String type, String companyId, String triggeredAt, String employeeId) {
}
