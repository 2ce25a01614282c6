package io.hibobsync.simulator.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallLogTest {

    @Test
    void keeps_only_the_most_recent_calls() {
        var log = new CallLog(2);

        log.record(call("GET", "/a"));
        log.record(call("GET", "/b"));
        log.record(call("GET", "/c"));

        assertThat(log.calls()).extracting(RecordedCall::path).containsExactly("/b", "/c");
    }

    @Test
    void filters_by_method_and_path_prefix() {
        var log = new CallLog();
        log.record(call("POST", "/v1/people/search"));
        log.record(call("POST", "/v1/people/123"));
        log.record(call("GET", "/v1/people/search"));
        log.record(call("POST", "/oauth2/token"));

        assertThat(log.calls("post", "/v1/people")).extracting(RecordedCall::path)
                .containsExactly("/v1/people/search", "/v1/people/123");
        assertThat(log.calls(null, "/v1/people/search")).hasSize(2);
        assertThat(log.calls("GET", "")).hasSize(1);
        assertThat(log.calls(null, null)).hasSize(4);
    }

    @Test
    void clear_forgets_everything() {
        var log = new CallLog();
        log.record(call("GET", "/a"));

        log.clear();

        assertThat(log.calls()).isEmpty();
    }

    @Test
    void header_lookup_ignores_case() {
        var call = new RecordedCall(Instant.now(), "GET", "/a", "", "", 200, Map.of("content-type", "text/plain"));

        assertThat(call.header("Content-Type")).isEqualTo("text/plain");
        assertThat(call.header("Accept")).isNull();
    }

    private static RecordedCall call(String method, String path) {
        return new RecordedCall(Instant.now(), method, path, "", "", 200, Map.of());
    }
}
