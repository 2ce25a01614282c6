package io.hibobsync.simulator.docebo;

import java.util.Map;
import java.util.TreeMap;

/**
 * A user that already exists in Docebo before the sync runs, as {@code POST /sim/users} and
 * {@link DoceboSimulator#seedUser(SeedUser)} take it. Build it with {@link #of} and the {@code with...}
 * methods; in JSON every field but {@code username} is optional.
 *
 * @param active        null counts as active
 * @param directManager username of a user that already exists
 * @param branchCode    code of the user's branch; created under the root if the org chart lacks it
 * @param fields        additional field id -> value
 */
public record SeedUser(
        String username,
        String email,
        String firstName,
        String lastName,
        Boolean active,
        String level,
        String directManager,
        String branchCode,
        Map<Integer, String> fields,
        String password) {

    public SeedUser {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }

    public static SeedUser of(String username, String email) {
        return new SeedUser(username, email, null, null, true, null, null, null, Map.of(), null);
    }

    public SeedUser withName(String firstName, String lastName) {
        return new SeedUser(username, email, firstName, lastName, active, level, directManager, branchCode, fields, password);
    }

    public SeedUser inactive() {
        return new SeedUser(username, email, firstName, lastName, false, level, directManager, branchCode, fields, password);
    }

    public SeedUser withLevel(String level) {
        return new SeedUser(username, email, firstName, lastName, active, level, directManager, branchCode, fields, password);
    }

    public SeedUser withDirectManager(String managerUsername) {
        return new SeedUser(username, email, firstName, lastName, active, level, managerUsername, branchCode, fields, password);
    }

    public SeedUser inBranch(String code) {
        return new SeedUser(username, email, firstName, lastName, active, level, directManager, code, fields, password);
    }

    public SeedUser withField(int fieldId, String value) {
        Map<Integer, String> more = new TreeMap<>(fields);
        more.put(fieldId, value);
        return new SeedUser(username, email, firstName, lastName, active, level, directManager, branchCode, more, password);
    }

    public SeedUser withPassword(String password) {
        return new SeedUser(username, email, firstName, lastName, active, level, directManager, branchCode, fields, password);
    }
}
