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
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds Docebo users by username or email for employees the writer has no link for. A few are looked up with
 * a search each; when searches would pass {@code threshold} within {@code ttl} (a re-org, a burst of hires), or
 * when a poll brings several while the writer owns no user at all (a new installation: everyone is unknown, and
 * a burst has begun), the whole user list is read once, page by page, and kept for {@code ttl}, updated with the
 * writer's own creations and deletions, so ten thousand unknown employees cost fifty calls instead of ten
 * thousand. A poll of one employee never reads it on that ground: it costs a search and a write.
 */
public class DoceboDirectory {

    private static final Logger log = LoggerFactory.getLogger(DoceboDirectory.class);

    private final DoceboClient docebo;
    private final int threshold;
    private final Duration ttl;
    private final Clock clock;
    private Map<String, List<DoceboUser>> byUsernameOrEmail;
    private Map<String, DoceboUser> byUserId;
    /** Users the writer created or changed since the list was read: the list holds what we wrote, not Docebo's. */
    private java.util.Set<String> writtenSinceRead;
    private Instant loadedAt;
    private String readForRun;
    /** When each search of the last {@code ttl} was made. */
    private final java.util.ArrayDeque<Instant> searches = new java.util.ArrayDeque<>();

    public DoceboDirectory(DoceboClient docebo, int threshold, Duration ttl, Clock clock) {
        this.docebo = docebo;
        this.threshold = threshold;
        this.ttl = ttl;
        this.clock = clock;
    }

    /**
     * Reads the user list if searching for {@code unknownEmployees} one by one, on top of the searches of the last
     * {@code ttl}, is more than it is worth: a burst that begins with small polls costs at most {@code threshold}
     * searches before the list is read; a writer that owns nobody yet ({@code ownsNoUser}) reads it for a poll of
     * two or more.
     */
    synchronized void prepareFor(int unknownEmployees, boolean ownsNoUser) {
        if (unknownEmployees > 0 && !isLoaded()
                && (ownsNoUser && unknownEmployees > 1 || unknownEmployees + recentSearches() > threshold)) {
            read(unknownEmployees + " employees without a link");
        }
    }

    /**
     * Reads the user list once per full sync (a list read for another purpose or run may be older than the run):
     * the run compares every linked user with Docebo as it is.
     */
    synchronized void prepareForFullSync(String runId) {
        if (!isLoaded() || !runId.equals(readForRun)) {
            read("full sync " + runId);
            readForRun = runId;
        }
    }

    /**
     * The user as Docebo listed it, if the list is at hand and the writer has not written the user since it was
     * read; empty otherwise (then nothing is known beyond what the writer remembers).
     */
    synchronized Optional<DoceboUser> listed(String userId) {
        if (!isLoaded() || writtenSinceRead.contains(userId)) {
            return Optional.empty();
        }
        return Optional.ofNullable(byUserId.get(userId));
    }

    /**
     * Whether this user was deleted in Docebo: the list at hand misses it, the writer has not written it since the
     * list was read, and asked by id Docebo does not know it (a user created by someone else meanwhile is no
     * reason to doubt).
     */
    synchronized boolean isGone(String userId) {
        return isLoaded() && !writtenSinceRead.contains(userId) && !byUserId.containsKey(userId)
                && !docebo.exists(userId);
    }

    private void read(String why) {
        readForRun = null;
        long started = System.nanoTime();
        List<DoceboUser> users = docebo.allUsers();
        byUsernameOrEmail = new HashMap<>();
        byUserId = new HashMap<>();
        writtenSinceRead = new java.util.HashSet<>();
        users.forEach(this::index);
        loadedAt = clock.instant();
        log.info("Read the Docebo user list for {}: {} users in {} ms", why, users.size(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /** Every user whose username or email is {@code text}, ignoring case. */
    synchronized List<DoceboUser> find(String text) {
        if (isLoaded()) {
            return List.copyOf(byUsernameOrEmail.getOrDefault(key(text), List.of()));
        }
        searches.addLast(clock.instant());
        return docebo.findUsers(text);
    }

    private int recentSearches() {
        Instant since = clock.instant().minus(ttl);
        while (!searches.isEmpty() && searches.peekFirst().isBefore(since)) {
            searches.removeFirst();
        }
        return searches.size();
    }

    /** Every Docebo user no employee owns (reads the user list if it is not at hand). */
    synchronized List<DoceboUser> unowned(WriterMemory memory) {
        if (!isLoaded()) {
            read("the users nobody owns");
        }
        return byUserId.values().stream().filter(user -> memory.ownerOf(user.userId()).isEmpty()).toList();
    }

    /** The writer created or changed this user: the list stays true without reading it again. */
    synchronized void written(DoceboUser user) {
        if (isLoaded()) {
            removed(user.userId());
            index(user);
            writtenSinceRead.add(user.userId());
        }
    }

    synchronized void removed(String userId) {
        if (isLoaded()) {
            byUsernameOrEmail.values().forEach(users -> users.removeIf(user -> user.userId().equals(userId)));
            byUserId.remove(userId);
            writtenSinceRead.add(userId);
        }
    }

    private boolean isLoaded() {
        if (loadedAt != null && clock.instant().isAfter(loadedAt.plus(ttl))) {
            byUsernameOrEmail = null;
            byUserId = null;
            writtenSinceRead = null;
            loadedAt = null;
        }
        return loadedAt != null;
    }

    private void index(DoceboUser user) {
        byUserId.put(user.userId(), user);
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
