package io.hibobsync.endtoend;

import io.hibobsync.simulator.support.RecordedCall;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** Counts in a simulator's call log: by endpoint, 429s, writes, and the most in any sliding minute. */
final class CallStats {

    private final List<RecordedCall> calls;

    private CallStats(List<RecordedCall> calls) {
        this.calls = calls;
    }

    static CallStats of(List<RecordedCall> calls) {
        return new CallStats(calls);
    }

    /** Only the calls that arrived in {@code [from, to]}. */
    CallStats between(Instant from, Instant to) {
        return new CallStats(calls.stream().filter(call -> !call.time().isBefore(from) && !call.time().isAfter(to))
                .toList());
    }

    CallStats where(Predicate<RecordedCall> condition) {
        return new CallStats(calls.stream().filter(condition).toList());
    }

    int total() {
        return calls.size();
    }

    long withStatus(int status) {
        return calls.stream().filter(call -> call.status() == status).count();
    }

    /** Calls that change something in Docebo: anything but a GET and the OAuth token request. */
    long doceboWrites() {
        return calls.stream().filter(CallStats::isDoceboWrite).count();
    }

    static boolean isDoceboWrite(RecordedCall call) {
        return !call.method().equals("GET") && !call.path().startsWith("/oauth2/");
    }

    static boolean isHibobSearch(RecordedCall call) {
        return call.method().equals("POST") && call.path().equals("/v1/people/search");
    }

    /** The most calls whose arrival falls within any window of this length. */
    int mostInAnyWindow(Duration window) {
        List<Instant> times = calls.stream().map(RecordedCall::time).sorted().toList();
        int most = 0;
        int first = 0;
        for (int last = 0; last < times.size(); last++) {
            while (!times.get(first).plus(window).isAfter(times.get(last))) {
                first++;
            }
            most = Math.max(most, last - first + 1);
        }
        return most;
    }

    /** {@code "POST /manage/v1/user/batch 20, GET /manage/v1/user (list) 11, ..."}, most first. */
    String byEndpoint() {
        Map<String, Integer> counts = new TreeMap<>();
        calls.forEach(call -> counts.merge(endpoint(call), 1, Integer::sum));
        return counts.entrySet().stream()
                .sorted((a, b) -> b.getValue() - a.getValue())
                .map(entry -> entry.getValue() + " × " + entry.getKey())
                .reduce((a, b) -> a + ", " + b).orElse("none");
    }

    private static String endpoint(RecordedCall call) {
        String path = call.path().replaceAll("/\\d+(?=/|$)", "/{id}");
        if (call.method().equals("GET") && path.equals("/manage/v1/user")) {
            path += call.query().contains("search_text=") ? " (search)" : " (list)";
        }
        return "`" + call.method() + " " + path + "`";
    }
}
