package io.hibobsync.simulator.docebo;

/** One node of the org chart; the root has no code and no parent. */
record Branch(long id, String code, String title, Long parentId) {

    boolean isRoot() {
        return parentId == null;
    }
}
