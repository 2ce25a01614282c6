package io.hibobsync.simulator.docebo.batch;

import io.hibobsync.simulator.docebo.DoceboSimProperties;
import io.hibobsync.simulator.docebo.users.UserAccount;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of one batch row: rows succeed or fail independently of each other.
 *
 * @param userId   the created or updated user's id; null for a failed row
 * @param username that user's username after the row; null for a failed row
 */
record BatchRowResult(int rowIndex, boolean success, String message, Long userId, String username) {

    static BatchRowResult failed(int rowIndex, String message) {
        return new BatchRowResult(rowIndex, false, message, null, null);
    }

    static BatchRowResult done(int rowIndex, UserAccount user) {
        return new BatchRowResult(rowIndex, true, "", user.id, user.username);
    }

    /**
     * A successful row carries the user's id (a number) and username in {@code output}, or beside
     * {@code success}: where Docebo puts them is a guess in the spec. A failed row has only its message.
     */
    Map<String, Object> answer(DoceboSimProperties.BatchUserIdPlacement placement) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("row_index", rowIndex);
        row.put("success", success);
        row.put("message", message);
        if (success) {
            Map<String, Object> user = new LinkedHashMap<>();
            user.put("user_id", userId);
            user.put("username", username);
            switch (placement) {
                case OUTPUT -> row.put("output", user);
                case BESIDE -> row.putAll(user);
            }
        }
        return row;
    }
}
