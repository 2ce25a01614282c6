package io.hibobsync.simulator.docebo.users;

import io.hibobsync.simulator.docebo.orgchart.OrgChart;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What one request (create, update, batch row, seed) asks to change on a user. A null field means
 * "leave it as it is", which is how Docebo treats fields missing from an update.
 */
public final class UserChanges {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final List<String> LEVELS = List.of("godadmin", "poweruser", "user");

    public String username;
    public String email;
    public String firstName;
    public String lastName;
    public String password;
    public Boolean active;
    Boolean forceChangePassword;
    public String level;
    public String language;
    public String timezone;
    /** Empty text clears the expiration date. */
    public String expirationDate;
    /** True when the request names a direct manager; {@link #directManagerId} null then means "remove". */
    boolean directManagerGiven;
    Long directManagerId;
    public final Map<Integer, String> fields = new TreeMap<>();
    /** Branches to put the user in; null leaves them as they are. */
    public List<Long> branchIds;
    /** True adds {@link #branchIds} to the user's branches; false makes them the user's only branches. */
    public boolean keepOtherBranches;

    public void setDirectManager(Long managerId) {
        directManagerGiven = true;
        directManagerId = managerId;
    }

    /** Problems with the values themselves, whatever the platform holds. */
    public List<String> invalidValues() {
        List<String> problems = new ArrayList<>();
        if (username != null && username.isBlank()) {
            problems.add("The username must not be empty");
        }
        if (email != null && !email.isEmpty() && !EMAIL.matcher(email).matches()) {
            problems.add("Invalid email address: '" + email + "'");
        }
        if (level != null && !LEVELS.contains(normalisedLevel())) {
            problems.add("Invalid level '" + level + "': expected one of godadmin, poweruser, user");
        }
        if (expirationDate != null && !expirationDate.isEmpty()) {
            try {
                LocalDate.parse(expirationDate);
            } catch (DateTimeParseException e) {
                problems.add("Invalid expiration date '" + expirationDate + "': expected YYYY-MM-DD");
            }
        }
        return problems;
    }

    void applyTo(UserAccount user) {
        if (username != null) {
            user.username = username.trim();
        }
        if (email != null) {
            user.email = email.trim();
        }
        if (firstName != null) {
            user.firstName = firstName;
        }
        if (lastName != null) {
            user.lastName = lastName;
        }
        if (password != null) {
            user.password = password;
        }
        if (active != null) {
            user.active = active;
        }
        if (forceChangePassword != null) {
            user.forceChangePassword = forceChangePassword;
        }
        if (level != null) {
            user.level = normalisedLevel();
        }
        if (language != null) {
            user.language = language;
        }
        if (timezone != null) {
            user.timezone = timezone;
        }
        if (expirationDate != null) {
            user.expirationDate = expirationDate.isEmpty() ? null : expirationDate;
        }
        if (directManagerGiven) {
            if (directManagerId == null) {
                user.managers.remove(UserAccount.DIRECT_MANAGER);
            } else {
                user.managers.put(UserAccount.DIRECT_MANAGER, directManagerId);
            }
        }
        fields.forEach((id, value) -> {
            if (value == null || value.isEmpty()) {
                user.fields.remove(id);
            } else {
                user.fields.put(id, value);
            }
        });
        if (branchIds != null) {
            if (!keepOtherBranches) {
                user.branchIds.clear();
            }
            branchIds.stream().filter(id -> id != OrgChart.ROOT_ID).forEach(user.branchIds::add);
        }
    }

    /** The CSV import's "superadmin" is the API's "godadmin". */
    private String normalisedLevel() {
        String lower = level.trim().toLowerCase(Locale.ROOT);
        return lower.equals("superadmin") ? "godadmin" : lower;
    }
}
