package io.hibobsync.simulator.docebo.users;

import io.hibobsync.simulator.docebo.orgchart.OrgChart;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates and updates users once a request has been read, checking what only the platform can tell:
 * unique usernames, existing managers and branches. Callers hold the directory's lock.
 */
public class UserEditor {

    private final UserDirectory directory;
    private final OrgChart orgChart;

    UserEditor(UserDirectory directory, OrgChart orgChart) {
        this.directory = directory;
        this.orgChart = orgChart;
    }

    /** Why these changes cannot be applied to {@code user} (null for a new user); empty when they can. */
    public List<String> conflicts(UserChanges changes, UserAccount user) {
        List<String> conflicts = new ArrayList<>();
        if (changes.username != null) {
            directory.byUsername(changes.username)
                    .filter(other -> user == null || other.id != user.id)
                    .ifPresent(other -> conflicts.add("Username '" + changes.username + "' is already taken"));
        }
        if (changes.directManagerGiven && changes.directManagerId != null) {
            if (user != null && changes.directManagerId == user.id) {
                conflicts.add("A user cannot be their own manager");
            } else if (directory.byId(changes.directManagerId).isEmpty()) {
                conflicts.add("Manager with user id " + changes.directManagerId + " not found");
            }
        }
        if (changes.branchIds != null) {
            changes.branchIds.stream()
                    .filter(id -> orgChart.byId(id).isEmpty())
                    .forEach(id -> conflicts.add("Branch with id " + id + " not found"));
        }
        return conflicts;
    }

    public UserAccount create(UserChanges changes) {
        UserAccount user = new UserAccount();
        changes.applyTo(user);
        return directory.add(user);
    }

    public void update(UserAccount user, UserChanges changes) {
        changes.applyTo(user);
    }
}
