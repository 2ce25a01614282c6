package io.hibobsync.simulator.docebo.users;

import io.hibobsync.simulator.docebo.DoceboUser;
import java.time.LocalDateTime;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeMap;

/**
 * One Docebo user as the platform stores it. Mutable, and only touched while holding the
 * {@link UserDirectory}'s lock; everything leaving the simulator is copied into {@link DoceboUser}.
 */
public final class UserAccount {

    /** Docebo's manager type 1; other types are custom ones an admin may define. */
    static final int DIRECT_MANAGER = 1;

    public long id;
    public String username;
    String email;
    String firstName = "";
    String lastName = "";
    String password;
    boolean active = true;
    boolean forceChangePassword;
    String level = "user";
    String language = "english";
    String timezone = "UTC";
    String expirationDate;
    LocalDateTime creationDate;
    /** Manager type -> the manager's user id. */
    final TreeMap<Integer, Long> managers = new TreeMap<>();
    /** Branch ids other than the root, which every user is implicitly in. */
    public final Set<Long> branchIds = new LinkedHashSet<>();
    /** Additional field id -> value. */
    final TreeMap<Integer, String> fields = new TreeMap<>();

    Long directManagerId() {
        return managers.get(DIRECT_MANAGER);
    }
}
