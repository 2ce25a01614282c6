package io.hibobsync.simulator.docebo.batch;

import io.hibobsync.simulator.docebo.users.UserChanges;
import io.hibobsync.simulator.docebo.web.DoceboApiException;
import io.hibobsync.simulator.docebo.web.RequestFields;
import tools.jackson.databind.JsonNode;

/**
 * Reads the plain user fields of one batch row. Both {@code firstname} and {@code first_name} (and the
 * last-name pair) are taken: the spec could not tell which one Docebo reads. Identity ({@code username},
 * {@code user_id}), {@code manager_1} and branches need the platform and are read by {@link BatchImport}.
 */
final class BatchItemForm {

    private static final String FIELD_PREFIX = "field_";

    private BatchItemForm() {
    }

    static UserChanges read(JsonNode item) {
        UserChanges changes = new UserChanges();
        changes.email = RequestFields.text(item, "email");
        changes.firstName = RequestFields.text(item, "firstname", "first_name");
        changes.lastName = RequestFields.text(item, "lastname", "last_name");
        changes.password = RequestFields.text(item, "password");
        changes.active = RequestFields.bool(item, "active");
        changes.expirationDate = RequestFields.text(item, "expiration_date");
        changes.language = RequestFields.text(item, "language");
        changes.timezone = RequestFields.text(item, "timezone");
        changes.level = RequestFields.text(item, "level");
        for (String name : item.propertyNames()) {
            if (name.startsWith(FIELD_PREFIX)) {
                try {
                    int fieldId = Integer.parseInt(name.substring(FIELD_PREFIX.length()));
                    String value = RequestFields.text(item, name);
                    changes.fields.put(fieldId, value == null ? "" : value);
                } catch (NumberFormatException e) {
                    throw DoceboApiException.badRequest("'" + name + "' is not field_<numeric id>");
                }
            }
        }
        return changes;
    }
}
