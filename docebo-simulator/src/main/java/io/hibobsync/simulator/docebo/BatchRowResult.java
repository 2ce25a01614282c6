package io.hibobsync.simulator.docebo;

import java.util.LinkedHashMap;
import java.util.Map;

/** The outcome of one batch row: rows succeed or fail independently of each other. */
record BatchRowResult(int rowIndex, boolean success, String message, Long userId) {

    static BatchRowResult failed(int rowIndex, String message) {
        return new BatchRowResult(rowIndex, false, message, null);
    }

    static BatchRowResult done(int rowIndex, long userId) {
        return new BatchRowResult(rowIndex, true, "", userId);
    }

    Map<String, Object> answer() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("row_index", rowIndex);
        row.put("success", success);
        row.put("message", message);
        row.put("user_id", userId);
        return row;
    }
}
