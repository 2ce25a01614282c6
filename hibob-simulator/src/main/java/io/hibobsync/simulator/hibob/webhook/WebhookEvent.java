package io.hibobsync.simulator.hibob.webhook;

import java.time.LocalDateTime;
import java.util.Map;

/**
 * A change HiBob tells its webhook about.
 *
 * @param type        {@code employee.created}, {@code employee.updated}...
 * @param employeeId  the employee concerned
 * @param triggeredBy id of the person who made the change, or {@code system}
 * @param triggeredAt when it happened (HiBob sends it without a zone)
 * @param data        the envelope's {@code data}: {@code employeeId} and, by type, {@code fieldUpdates} or {@code email}
 */
public record WebhookEvent(String type, String employeeId, String triggeredBy, LocalDateTime triggeredAt,
                    Map<String, Object> data) {
}
