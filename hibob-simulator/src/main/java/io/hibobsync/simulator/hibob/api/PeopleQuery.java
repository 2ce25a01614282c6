package io.hibobsync.simulator.hibob.api;

import java.util.List;
import java.util.Optional;

/**
 * A validated people read: which fields, which employees, and how to show them.
 *
 * @param fields        requested field ids, in request order
 * @param filter        the one filter, or empty to read everybody
 * @param showInactive  whether employees with access Inactive are included
 * @param humanReadable machine values, both, or display values
 */
record PeopleQuery(List<String> fields, Optional<Filter> filter, boolean showInactive, HumanReadable humanReadable) {

    /** {@code root.id} or {@code root.email} equals one of {@code values}. */
    record Filter(String fieldPath, List<String> values) {
    }
}
