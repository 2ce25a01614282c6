package io.hibobsync.simulator.docebo.users;

import io.hibobsync.simulator.docebo.web.DoceboApiException;
import io.hibobsync.simulator.docebo.web.RequestFields;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Reads the request spelling of {@code POST /manage/v1/user} and {@code PUT /manage/v1/user/{id}}:
 * {@code userid, firstname, lastname, valid, expiration, manager, additional_fields, select_orgchart}.
 * Answer spellings ({@code username}, {@code first_name}) are deliberately not read here: Docebo ignores
 * them, and a client sending them must find out now rather than in production.
 */
final class UserRequestForm {

    private UserRequestForm() {
    }

    static UserChanges read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw DoceboApiException.badRequest("The request body must be a JSON object");
        }
        UserChanges changes = new UserChanges();
        changes.username = RequestFields.text(body, "userid");
        changes.email = RequestFields.text(body, "email");
        changes.password = RequestFields.text(body, "password");
        changes.firstName = RequestFields.text(body, "firstname");
        changes.lastName = RequestFields.text(body, "lastname");
        changes.forceChangePassword = RequestFields.bool(body, "force_change");
        changes.level = RequestFields.text(body, "level");
        changes.language = RequestFields.text(body, "language");
        changes.timezone = RequestFields.text(body, "timezone");
        changes.active = RequestFields.bool(body, "valid");
        changes.expirationDate = RequestFields.text(body, "expiration");
        if (RequestFields.has(body, "manager")) {
            Long managerId = RequestFields.id(body, "manager");
            changes.setDirectManager(managerId == null || managerId == 0 ? null : managerId);
        }
        readAdditionalFields(body.get("additional_fields"), changes);
        if (RequestFields.has(body, "select_orgchart")) {
            changes.branchIds = branchSelection(body.get("select_orgchart"));
        }
        return changes;
    }

    /** {@code [{"id": 5, "value": "..."}]} */
    private static void readAdditionalFields(JsonNode additionalFields, UserChanges changes) {
        if (additionalFields == null || additionalFields.isNull()) {
            return;
        }
        if (!additionalFields.isArray()) {
            throw DoceboApiException.badRequest("'additional_fields' must be a list of {\"id\":..,\"value\":..}");
        }
        for (JsonNode field : additionalFields) {
            Long id = RequestFields.id(field, "id");
            if (id == null) {
                throw DoceboApiException.badRequest("Every entry of 'additional_fields' needs an 'id'");
            }
            String value = RequestFields.text(field, "value");
            changes.fields.put(id.intValue(), value == null ? "" : value);
        }
    }

    /**
     * The branch selection's exact shape is not documented, so every plausible one is taken:
     * a list of ids {@code [5, 6]}, an object keyed by id {@code {"5": 1}}, or one id {@code 5}.
     */
    private static List<Long> branchSelection(JsonNode selection) {
        List<Long> ids = new ArrayList<>();
        if (selection == null || selection.isNull()) {
            return ids;
        }
        if (selection.isArray()) {
            for (JsonNode element : selection) {
                ids.add(parseBranchId(element.isObject() ? RequestFields.text(element, "id", "id_org") : element.asString()));
            }
        } else if (selection.isObject()) {
            selection.propertyNames().forEach(key -> ids.add(parseBranchId(key)));
        } else {
            ids.add(parseBranchId(selection.asString()));
        }
        return ids;
    }

    private static long parseBranchId(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (RuntimeException e) {
            throw DoceboApiException.badRequest("'select_orgchart' must name branch ids, got '" + value + "'");
        }
    }
}
