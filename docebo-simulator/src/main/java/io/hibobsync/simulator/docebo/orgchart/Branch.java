package io.hibobsync.simulator.docebo.orgchart;

/** One node of the org chart; the root has no code and no parent. */
public record Branch(long id, String code, String title, Long parentId) {

    boolean isRoot() {
        return parentId == null;
    }
}
