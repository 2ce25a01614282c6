package io.hibobsync.simulator.docebo;

/**
 * A copy of one simulated branch, for tests and the {@code /sim/state} view.
 *
 * @param code     null for the root
 * @param parentId null for the root
 * @param path     codes from below the root, e.g. {@code ENG/PLATFORM}
 */
public record DoceboBranch(long id, String code, String title, Long parentId, String path) {
}
