package io.hibobsync.enrich.hibob;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** {@code POST /v1/people/search} by employee id: what {@link HibobClient} does, as the enricher needs it. */
@FunctionalInterface
public interface EmployeeSearch {

    /**
     * The employees with these ids that HiBob returns, each as HiBob shaped it; an id HiBob does not know or the
     * service user may not see is simply not in the list. Throws a {@link HibobException} when HiBob did not answer.
     */
    List<JsonNode> search(List<String> employeeIds);
}
