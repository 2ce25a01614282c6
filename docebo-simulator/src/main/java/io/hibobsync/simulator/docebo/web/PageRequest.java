package io.hibobsync.simulator.docebo.web;

/** {@code page} (from 1) and {@code page_size} of a list call, capped at the configured largest page. */
public record PageRequest(int page, int pageSize) {

    /** The simulator's pick when a client sends no page_size; Docebo's own default is undocumented. */
    static final int DEFAULT_PAGE_SIZE = 10;

    public static PageRequest of(Integer page, Integer pageSize, int maxPageSize) {
        if (page != null && page < 1) {
            throw DoceboApiException.badRequest("page starts at 1, got " + page);
        }
        if (pageSize != null && pageSize < 1) {
            throw DoceboApiException.badRequest("page_size must be at least 1, got " + pageSize);
        }
        int size = pageSize == null ? DEFAULT_PAGE_SIZE : pageSize;
        return new PageRequest(page == null ? 1 : page, Math.min(size, maxPageSize));
    }
}
