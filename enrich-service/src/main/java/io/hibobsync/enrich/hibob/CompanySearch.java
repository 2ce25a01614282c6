package io.hibobsync.enrich.hibob;

import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/people/search} without a filter: every employee HiBob has, in one call (HiBob has no pagination),
 * for the full sync.
 */
@FunctionalInterface
public interface CompanySearch {

    /**
     * Reads every employee, inactive ones included, the same fields as a search by id, and hands each employee object
     * of the answer to {@code employee} as it is parsed, in HiBob's order: the answer is streamed, never held whole.
     * Returns how many employee objects the answer held. Throws a {@link HibobException} when HiBob did not answer
     * (the employees handed over until then are then not a complete answer).
     */
    int everyone(Consumer<JsonNode> employee);
}
