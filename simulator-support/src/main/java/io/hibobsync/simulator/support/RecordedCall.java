package io.hibobsync.simulator.support;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP call a simulator answered, as a test or a person would want to check it afterwards.
 *
 * @param time     when the call arrived
 * @param method   HTTP method, upper case
 * @param path     request path without the query string
 * @param query    raw query string, {@code ""} when there is none; secret-named parameters read {@code ***}
 * @param body     request body as text, {@code ""} when there is none; the values of form fields and JSON
 *                 properties named like a password, secret or token read {@code ***}
 * @param status   HTTP status the simulator answered (faults included)
 * @param headers  selected request headers, names in lower case; {@code authorization} keeps only its scheme
 */
public record RecordedCall(Instant time, String method, String path, String query, String body, int status,
                           Map<String, String> headers) {

    public RecordedCall {
        headers = Map.copyOf(headers);
    }

    /** The recorded value of a request header (case-insensitive name), or {@code null}. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
