package io.hibobsync.writer.sync;

import io.hibobsync.writer.docebo.DoceboClient;
import io.hibobsync.writer.docebo.DoceboUser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds Docebo users by username or email for employees the writer has no link for. A few are looked up with
 * a search each; when a poll holds more than {@code threshold} of them (a re-org, the first run on a company),
 * the whole user list is read once, page by page, and kept for {@code ttl}, updated with the writer's own
 * creations and deletions, so ten thousand unknown employees cost fifty calls instead of ten thousand.
 */
public class DoceboDirectory {

    private static final Logger log = LoggerFactory.getLogger(DoceboDirectory.class);

    private final DoceboClient docebo;
    private final int threshold;
    private final Duration ttl;
    private final Clock clock;
    private Map<String, List<DoceboUser>> byUsernameOrEmail;
    private Instant loadedAt;

    public DoceboDirectory(DoceboClient docebo, int threshold, Duration ttl, Clock clock) {
        this.docebo = docebo;
        this.threshold = threshold;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** Reads the user list if {@code unknownEmployees} is more than searching one by one is worth. */
    synchronized void prepareFor(int unknownEmployees) {
        if (unknownEmployees > threshold && !isLoaded()) {
            long started = System.nanoTime();
            List<DoceboUser> users = docebo.allUsers();
            byUsernameOrEmail = new HashMap<>();
            users.forEach(this::index);
            loadedAt = clock.instant();
            log.info("Read the Docebo user list for {} employees without a link: {} users in {} ms", unknownEmployees,
                    users.size(), (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** Every user whose username or email is {@code text}, ignoring case. */
    synchronized List<DoceboUser> find(String text) {
        if (isLoaded()) {
            return List.copyOf(byUsernameOrEmail.getOrDefault(key(text), List.of()));
        }
        return docebo.findUsers(text);
    }

    /** Every Docebo user no employee owns (reads the user list if it is not at hand). */
    synchronized List<DoceboUser> unowned(WriterMemory memory) {
        if (!isLoaded()) {
            List<DoceboUser> users = docebo.allUsers();
            byUsernameOrEmail = new HashMap<>();
            users.forEach(this::index);
            loadedAt = clock.instant();
        }
        Map<String, DoceboUser> distinct = new java.util.LinkedHashMap<>();
        byUsernameOrEmail.values().forEach(users -> users.forEach(user -> distinct.putIfAbsent(user.userId(), user)));
        return distinct.values().stream().filter(user -> memory.ownerOf(user.userId()).isEmpty()).toList();
    }

    /** The writer created or changed this user: the list stays true without reading it again. */
    synchronized void written(DoceboUser user) {
        if (isLoaded()) {
            removed(user.userId());
            index(user);
        }
    }

    synchronized void removed(String userId) {
        if (isLoaded()) {
            byUsernameOrEmail.values().forEach(users -> users.removeIf(user -> user.userId().equals(userId)));
        }
    }

    private boolean isLoaded() {
        if (loadedAt != null && clock.instant().isAfter(loadedAt.plus(ttl))) {
            byUsernameOrEmail = null;
            loadedAt = null;
        }
        return loadedAt != null;
    }

    private void index(DoceboUser user) {
        for (String text : new String[] {user.username(), user.email()}) {
            if (text != null && !text.isBlank()) {
                List<DoceboUser> users = byUsernameOrEmail.computeIfAbsent(key(text), k -> new ArrayList<>(1));
                if (users.stream().noneMatch(known -> Objects.equals(known.userId(), user.userId()))) {
                    users.add(user);
                }
            }
        }
    }

    private static String key(String text) {
        return text.strip().toLowerCase(Locale.ROOT);
    }
}
