package io.hibobsync.simulator.docebo.users;

import io.hibobsync.simulator.docebo.DoceboSimProperties;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The platform's users, ordered by id. Callers that read and then write (create unless the username
 * exists, a batch row...) hold this object's monitor for the whole step: {@code synchronized (directory)}.
 */
public class UserDirectory {

    /** Ids in a real platform are large numbers, not 1, 2, 3: clients must not assume small ids. */
    private static final long FIRST_USER_ID = 12301;

    private final DoceboSimProperties properties;
    private final Clock clock = Clock.systemUTC();
    private final TreeMap<Long, UserAccount> users = new TreeMap<>();
    private long nextId;

    UserDirectory(DoceboSimProperties properties) {
        this.properties = properties;
        reset();
    }

    /** Back to a platform holding only the API user, a superadmin, as a real platform would. */
    public synchronized void reset() {
        users.clear();
        nextId = FIRST_USER_ID;
        UserAccount apiUser = new UserAccount();
        apiUser.username = properties.username();
        apiUser.email = properties.username() + "@platform.docebo.invalid";
        apiUser.firstName = "Sync";
        apiUser.lastName = "Admin";
        apiUser.password = properties.password();
        apiUser.level = "godadmin";
        add(apiUser);
    }

    /** Stores a new user, giving it the next id and a creation date. */
    synchronized UserAccount add(UserAccount account) {
        account.id = nextId++;
        account.creationDate = LocalDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS);
        users.put(account.id, account);
        return account;
    }

    public synchronized Optional<UserAccount> byId(long id) {
        return Optional.ofNullable(users.get(id));
    }

    /** Usernames are case-insensitive in Docebo. */
    public synchronized Optional<UserAccount> byUsername(String username) {
        if (username == null) {
            return Optional.empty();
        }
        return users.values().stream().filter(user -> user.username.equalsIgnoreCase(username.trim())).findFirst();
    }

    /** Case-insensitive substring over first name, last name, username and email; blank finds everyone. */
    synchronized List<UserAccount> search(String text) {
        if (text == null || text.isBlank()) {
            return List.copyOf(users.values());
        }
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        List<UserAccount> found = new ArrayList<>();
        for (UserAccount user : users.values()) {
            if (contains(user.firstName, wanted) || contains(user.lastName, wanted)
                    || contains(user.username, wanted) || contains(user.email, wanted)) {
                found.add(user);
            }
        }
        return found;
    }

    /** Hard delete; whoever had this user as a manager no longer has one. */
    public synchronized boolean remove(long id) {
        if (users.remove(id) == null) {
            return false;
        }
        users.values().forEach(user -> user.managers.values().removeIf(managerId -> managerId == id));
        return true;
    }

    synchronized boolean isManager(long id) {
        return users.values().stream().anyMatch(user -> user.managers.containsValue(id));
    }

    public synchronized List<UserAccount> all() {
        return List.copyOf(users.values());
    }

    private static boolean contains(String value, String wanted) {
        return value != null && value.toLowerCase(Locale.ROOT).contains(wanted);
    }
}
