package io.hibobsync.writer.sync;

import io.hibobsync.writer.docebo.DoceboUser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which Docebo user belongs to an employee the writer has no link for: the identity rules of the sync.
 * <ul>
 * <li>An existing user is adopted only when exactly one user matches exactly (username or email, any case),
 * that user is linked to no other employee, and it is not the sync's own API account ({@code DOCEBO_USERNAME}).</li>
 * <li>No user matches: the employee has none yet (the caller creates one).</li>
 * <li>Anything else is an {@link IdentityConflictException}: nothing is written, the administrator decides.</li>
 * </ul>
 * The link itself (employee id ↔ Docebo user id) lives in {@link WriterMemory}: once linked, an employee is
 * only ever matched to that user.
 */
public class AccountMatcher {

    private final DoceboDirectory directory;
    private final WriterMemory memory;
    private final String apiAccount;

    /** @param apiAccount the username the sync signs in with ({@code DOCEBO_USERNAME}); blank when it uses client credentials */
    public AccountMatcher(DoceboDirectory docebo, WriterMemory memory, String apiAccount) {
        this.directory = docebo;
        this.memory = memory;
        this.apiAccount = apiAccount == null || apiAccount.isBlank() ? null : apiAccount.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * The one Docebo user this employee may adopt, or empty when none matches.
     *
     * @param username the employee's username under the username policy, {@code null} when unknown
     * @param email    their work email, {@code null} when unknown
     * @throws IdentityConflictException when a match exists but is not unambiguously theirs
     */
    Optional<DoceboUser> adoptable(String employeeId, String username, String email) {
        Map<String, DoceboUser> matches = new LinkedHashMap<>();
        for (String text : searchTexts(username, email)) {
            directory.find(text).forEach(user -> matches.putIfAbsent(user.userId(), user));
        }
        if (matches.isEmpty()) {
            return Optional.empty();
        }
        String who = "employee " + employeeId + " (" + (email != null ? email : username) + ")";
        if (matches.size() > 1) {
            throw new IdentityConflictException("Identity conflict for " + who + ": " + matches.size()
                    + " Docebo users match (" + describe(matches.values()) + "), so the sync cannot tell which one is "
                    + "theirs. Nothing was written to Docebo.");
        }
        DoceboUser user = matches.values().iterator().next();
        Optional<String> owner = memory.ownerOf(user.userId());
        if (owner.isPresent() && !owner.get().equals(employeeId)) {
            throw new IdentityConflictException("Identity conflict for " + who + ": Docebo user " + describe(user)
                    + " matches, but it is already linked to employee " + owner.get() + ". Nothing was written to "
                    + "Docebo.");
        }
        if (isApiAccount(user.username(), user.email())) {
            throw new IdentityConflictException("Identity conflict for " + who + ": the matching Docebo user "
                    + describe(user) + " is the account the sync signs in with (DOCEBO_USERNAME), which the sync "
                    + "never takes over. Nothing was written to Docebo.");
        }
        return Optional.of(user);
    }

    /** Whether a user with this username or email is the sync's own API account. */
    boolean isApiAccount(String username, String email) {
        return apiAccount != null && (apiAccount.equalsIgnoreCase(username) || apiAccount.equalsIgnoreCase(email));
    }

    /**
     * The Docebo username of the employee's manager, for {@code manager_1}: the user linked to the manager, else
     * the user with the manager's username under the policy, if no other employee owns it; {@code null} while
     * the manager has no Docebo user.
     */
    String managerUsername(String managerEmployeeId, String policyUsername) {
        Optional<AppliedEmployee> manager = memory.recall(managerEmployeeId);
        if (manager.isPresent() && manager.get().hasUser()) {
            return manager.get().applied().username();
        }
        if (policyUsername == null) {
            return null;
        }
        return directory.find(policyUsername).stream()
                .filter(user -> policyUsername.equalsIgnoreCase(user.username()))
                .filter(user -> memory.ownerOf(user.userId()).map(managerEmployeeId::equals).orElse(true))
                .map(DoceboUser::username)
                .findFirst().orElse(null);
    }

    private static List<String> searchTexts(String username, String email) {
        if (username == null) {
            return email == null ? List.of() : List.of(email);
        }
        return email == null || email.equalsIgnoreCase(username) ? List.of(username) : List.of(username, email);
    }

    private static String describe(DoceboUser user) {
        return user.userId() + " (username " + user.username()
                + (user.email() == null || user.email().equalsIgnoreCase(user.username()) ? "" : ", email " + user.email())
                + ")";
    }

    private String describe(Iterable<DoceboUser> users) {
        StringBuilder text = new StringBuilder();
        for (DoceboUser user : users) {
            if (!text.isEmpty()) {
                text.append("; ");
            }
            text.append(describe(user));
            memory.ownerOf(user.userId()).ifPresent(owner -> text.append(" linked to employee ").append(owner));
        }
        return text.toString();
    }
}
