package io.hibobsync.simulator.docebo.users;

import io.hibobsync.simulator.docebo.DoceboUser;
import io.hibobsync.simulator.docebo.orgchart.Branch;
import io.hibobsync.simulator.docebo.orgchart.OrgChart;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders users the way Docebo answers them ({@code user_id} as a string, {@code first_name},
 * {@code status} "1"/"0", {@code field_<N>}, {@code manager_names}...) and copies them for tests.
 * Callers hold the directory's lock.
 */
public class UserAnswerForm {

    static final DateTimeFormatter DOCEBO_DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final UserDirectory directory;
    private final OrgChart orgChart;

    UserAnswerForm(UserDirectory directory, OrgChart orgChart) {
        this.directory = directory;
        this.orgChart = orgChart;
    }

    Map<String, Object> answer(UserAccount user) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("user_id", String.valueOf(user.id));
        item.put("username", user.username);
        item.put("first_name", user.firstName);
        item.put("last_name", user.lastName);
        item.put("fullname", (user.firstName + " " + user.lastName).trim());
        item.put("email", user.email);
        item.put("status", user.active ? "1" : "0");
        item.put("level", user.level);
        item.put("language", user.language);
        item.put("timezone", user.timezone);
        item.put("expiration_date", user.expirationDate);
        item.put("email_validation_status", "1");
        item.put("creation_date", DOCEBO_DATE_TIME.format(user.creationDate));
        item.put("last_access_date", null);
        user.fields.forEach((id, value) -> item.put("field_" + id, value));
        item.put("manager_names", managerNames(user));
        item.put("is_manager", directory.isManager(user.id));
        item.put("branches", branches(user));
        return item;
    }

    public DoceboUser copy(UserAccount user) {
        String directManager = user.directManagerId() == null ? null
                : directory.byId(user.directManagerId()).map(manager -> manager.username).orElse(null);
        List<String> branchCodes = user.branchIds.stream()
                .flatMap(id -> orgChart.byId(id).stream())
                .map(Branch::code)
                .toList();
        return new DoceboUser(user.id, user.username, user.email, user.firstName, user.lastName, user.active,
                user.level, user.language, user.timezone, user.expirationDate, directManager, branchCodes,
                Collections.unmodifiableMap(new TreeMap<>(user.fields)), DOCEBO_DATE_TIME.format(user.creationDate), user.password);
    }

    /** {@code {"1": {"manager_title": "Direct Manager", "manager_username": "..."}}} */
    private Map<String, Object> managerNames(UserAccount user) {
        Map<String, Object> names = new LinkedHashMap<>();
        user.managers.forEach((type, managerId) -> directory.byId(managerId).ifPresent(manager -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("manager_title", type == UserAccount.DIRECT_MANAGER ? "Direct Manager" : "Manager type " + type);
            entry.put("manager_username", manager.username);
            names.put(String.valueOf(type), entry);
        }));
        return names;
    }

    private List<Map<String, Object>> branches(UserAccount user) {
        return user.branchIds.stream().flatMap(id -> orgChart.byId(id).stream()).map(branch -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", String.valueOf(branch.id()));
            entry.put("code", branch.code());
            entry.put("name", branch.title());
            entry.put("path", orgChart.path(branch));
            return entry;
        }).toList();
    }
}
