package io.hibobsync.simulator.docebo.orgchart;

import io.hibobsync.simulator.docebo.DoceboSimProperties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The platform's branch tree. Like Docebo it always has a root ("Docebo") that cannot hold other
 * roots; branch codes are unique and case-sensitive.
 */
public class OrgChart {

    public static final long ROOT_ID = 1;

    private final String seed;
    private final Map<Long, Branch> branches = new LinkedHashMap<>();
    private long nextId;

    OrgChart(DoceboSimProperties properties) {
        this.seed = properties.branches();
        reset();
    }

    /** Back to the root plus the configured branches, e.g. {@code ENG:Engineering,ENG/PLATFORM:Platform}. */
    public synchronized void reset() {
        branches.clear();
        nextId = ROOT_ID;
        add(null, "Docebo", null);
        if (seed == null || seed.isBlank()) {
            return;
        }
        for (String entry : seed.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            String path = colon < 0 ? trimmed : trimmed.substring(0, colon).trim();
            String title = colon < 0 ? null : trimmed.substring(colon + 1).trim();
            int slash = path.lastIndexOf('/');
            String code = path.substring(slash + 1);
            long parentId = ROOT_ID;
            if (slash > 0) {
                parentId = resolvePath(path.substring(0, slash), false)
                        .orElseThrow(() -> new IllegalArgumentException("DOCEBO_SIM_BRANCHES: the parent of '" + entry
                                + "' must be listed before it"))
                        .id();
            }
            if (code.isEmpty() || byCode(code).isPresent()) {
                throw new IllegalArgumentException("DOCEBO_SIM_BRANCHES: '" + entry + "' has an empty or repeated code");
            }
            add(code, title == null || title.isEmpty() ? code : title, parentId);
        }
    }

    public synchronized Optional<Branch> byId(long id) {
        return Optional.ofNullable(branches.get(id));
    }

    public synchronized Optional<Branch> byCode(String code) {
        return branches.values().stream().filter(branch -> Objects.equals(branch.code(), code)).findFirst();
    }

    /**
     * Finds {@code a/b/c} by codes below the root; when {@code createMissing}, the missing levels are created
     * with their code as title (what Docebo does with {@code branch_option: "autocreate"}). All or nothing:
     * when a missing level's code is already used elsewhere in the tree (codes are unique), nothing is
     * created and the answer is empty.
     */
    public synchronized Optional<Branch> resolvePath(String path, boolean createMissing) {
        List<String> codes = new ArrayList<>();
        for (String code : path.split("/")) {
            if (!code.isBlank()) {
                codes.add(code.trim());
            }
        }
        Branch current = branches.get(ROOT_ID);
        int level = 0;
        for (; level < codes.size(); level++) {
            Optional<Branch> child = child(current, codes.get(level));
            if (child.isEmpty()) {
                break;
            }
            current = child.get();
        }
        if (level < codes.size()) {
            List<String> missing = codes.subList(level, codes.size());
            if (!createMissing || missing.stream().anyMatch(code -> byCode(code).isPresent())
                    || missing.stream().distinct().count() < missing.size()) {
                return Optional.empty();
            }
            for (String code : missing) {
                current = add(code, code, current.id());
            }
        }
        return current.isRoot() ? Optional.empty() : Optional.of(current);
    }

    private Optional<Branch> child(Branch parent, String code) {
        return branches.values().stream()
                .filter(branch -> code.equals(branch.code()) && Objects.equals(branch.parentId(), parent.id()))
                .findFirst();
    }

    /** Finds a branch by code anywhere in the tree; creates it under the root when allowed. */
    public synchronized Optional<Branch> resolveCode(String code, boolean createMissing) {
        Optional<Branch> found = byCode(code);
        if (found.isEmpty() && createMissing) {
            return Optional.of(add(code, code, ROOT_ID));
        }
        return found;
    }

    /** Codes from below the root down to the branch, joined by "/". */
    public synchronized String path(Branch branch) {
        List<String> codes = new ArrayList<>();
        for (Branch node = branch; node != null && !node.isRoot(); node = branches.get(node.parentId())) {
            codes.add(0, node.code());
        }
        return String.join("/", codes);
    }

    synchronized boolean hasChildren(Branch branch) {
        return branches.values().stream().anyMatch(other -> Objects.equals(other.parentId(), branch.id()));
    }

    public synchronized List<Branch> all() {
        return List.copyOf(branches.values());
    }

    private Branch add(String code, String title, Long parentId) {
        Branch branch = new Branch(nextId++, code, title, parentId);
        branches.put(branch.id(), branch);
        return branch;
    }
}
