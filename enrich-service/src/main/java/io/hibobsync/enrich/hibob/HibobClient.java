package io.hibobsync.enrich.hibob;

import io.hibobsync.kafka.RetryAfter;
import io.hibobsync.kafka.ThrottleIncident;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads employees from HiBob with {@code POST /v1/people/search}: many ids in one call ({@code root.id} filter), or
 * for the full sync every employee in one call (no {@code filters} property at all), inactive employees included,
 * only the fields the sync needs, human-readable values beside the machine ones. The answer is parsed as it arrives,
 * one employee object at a time: a company of 10,000 is never held as one body or one tree.
 * Every answer other than 200 becomes a typed {@link HibobException}; no call is retried here (the Kafka error
 * handler decides when to try again). Each answer also tells the {@link ThrottleIncident} {@code hibobThrottle}
 * whether HiBob is throttling us: a 429 opens or extends it, any other answer ends it.
 */
@Component
public class HibobClient implements EmployeeSearch, CompanySearch {

    static final String SEARCH_PATH = "/people/search";
    private static final Logger log = LoggerFactory.getLogger(HibobClient.class);
    private static final String ENDPOINT_TAG = "people.search";
    private static final String EMPLOYEES = "employees";
    private static final Duration DEFAULT_RATE_LIMIT_WAIT = Duration.ofSeconds(60);
    private static final Duration LONGEST_RATE_LIMIT_WAIT = Duration.ofMinutes(5);
    private static final Duration SHORTEST_RATE_LIMIT_WAIT = Duration.ofSeconds(1);
    private static final int ERROR_EXCERPT = 200;

    private final RestClient rest;
    // The same, with HIBOB_FULL_SYNC_READ_TIMEOUT: HiBob answers the whole company at once.
    private final RestClient everyoneRest;
    private final List<String> fields;
    private final MeterRegistry meters;
    private final JsonMapper json;
    private final Clock clock;
    private final ThrottleIncident throttle;

    public HibobClient(RestClient.Builder builder, HibobProperties properties, FullSyncProperties fullSync,
            MeterRegistry meters, ThrottleIncident throttle) {
        this.rest = restClient(builder.clone(), properties, properties.readTimeout());
        this.everyoneRest = restClient(builder.clone(), properties, fullSync.readTimeout());
        this.fields = EmployeeFields.of(properties).requested();
        this.meters = meters;
        // One employee of the answer at a time: what follows it in the stream is not trailing garbage.
        this.json = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
        this.clock = Clock.systemUTC();
        this.throttle = throttle;
    }

    private static RestClient restClient(RestClient.Builder builder, HibobProperties properties,
            Duration readTimeout) {
        var settings = HttpClientSettings.defaults().withTimeouts(properties.connectTimeout(), readTimeout);
        return builder
                .baseUrl(properties.apiUrl().toString())
                .requestFactory(ClientHttpRequestFactoryBuilder.jdk()
                        // HTTP/1.1 as HiBob documents it; no h2c upgrade attempts on plain-HTTP test endpoints.
                        .withHttpClientCustomizer(client -> client.version(HttpClient.Version.HTTP_1_1))
                        .build(settings))
                .defaultHeaders(headers -> headers.setBasicAuth(properties.serviceUserId(),
                        properties.serviceUserToken(), StandardCharsets.UTF_8))
                .build();
    }

    /**
     * The employees with these ids that HiBob returns, each as HiBob shaped it (see {@link EmployeeNormalizer}).
     * An id HiBob does not know, or the service user may not see, is simply not in the list. Not paced here: the
     * enricher takes each search from the {@link SearchBudget} first.
     */
    @Override
    public List<JsonNode> search(List<String> employeeIds) {
        if (employeeIds.isEmpty()) {
            // HiBob answers 400 to an empty filter; nothing to ask anyway.
            return List.of();
        }
        List<JsonNode> employees = new ArrayList<>();
        search(rest, searchBody(employeeIds), employeeIds, employees::add);
        log.debug("HiBob search for {} answered {} employee(s)", HibobException.describe(employeeIds),
                employees.size());
        return employees;
    }

    /**
     * Every employee HiBob has, in one search without a filter (HiBob has no pagination), handed to {@code employee}
     * one at a time as the answer is parsed. Not paced here: the full sync takes the search from the
     * {@link SearchBudget} first.
     */
    @Override
    public int everyone(Consumer<JsonNode> employee) {
        int answered = search(everyoneRest, searchBody(null), List.of(), employee);
        log.debug("HiBob search for every employee answered {} employee(s)", answered);
        return answered;
    }

    private int search(RestClient client, Map<String, Object> body, List<String> ids, Consumer<JsonNode> employee) {
        byte[] request = json.writeValueAsBytes(body);
        long started = System.nanoTime();
        String statusTag = "io_error";
        try {
            Answer answer = client.post()
                    .uri(SEARCH_PATH)
                    .contentType(MediaType.APPLICATION_JSON)
                    .accept(MediaType.APPLICATION_JSON)
                    .body(request)
                    .exchange((req, res) -> {
                        int status = res.getStatusCode().value();
                        return status >= 200 && status < 300
                                ? new Answer(status, res.getHeaders(), null, stream(res.getBody(), employee))
                                : new Answer(status, res.getHeaders(), readAll(res.getBody()), null);
                    });
            statusTag = String.valueOf(answer.status());
            if (answer.status() != 429) {
                // HiBob answered: whatever it said, it no longer tells us to slow down.
                throttle.cleared();
            }
            return interpret(answer, ids);
        } catch (RestClientException e) {
            throw new HibobUnavailableException("HiBob did not answer a search for " + HibobException.describe(ids)
                    + ": " + rootMessage(e), ids, e);
        } finally {
            Timer.builder("hibob.api.calls")
                    .description("Calls to the HiBob API, by endpoint and answer status (io_error: no answer)")
                    .tag("endpoint", ENDPOINT_TAG)
                    .tag("status", statusTag)
                    .register(meters)
                    .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    /** By id ({@code root.id} filter), or for {@code null} every employee: no {@code filters} property at all. */
    private Map<String, Object> searchBody(List<String> employeeIds) {
        var body = new LinkedHashMap<String, Object>();
        body.put("fields", fields);
        if (employeeIds != null) {
            body.put("filters", List.of(Map.of("fieldPath", "root.id", "operator", "equals", "values",
                    employeeIds)));
        }
        // Without it leavers and future hires are left out of the answer.
        body.put("showInactive", true);
        // List values (department, title) may come as ids; the human-readable copy has their names.
        body.put("humanReadable", "APPEND");
        return body;
    }

    private int interpret(Answer answer, List<String> ids) {
        int status = answer.status();
        String about = HibobException.describe(ids);
        if (status >= 200 && status < 300) {
            Streamed streamed = answer.streamed();
            if (streamed.refused() != null) {
                // Not HiBob's doing: what the caller did with an employee failed.
                throw streamed.refused();
            }
            if (streamed.problem() != null) {
                throw new HibobUnavailableException("HiBob answered " + status + " to a search for " + about + " "
                        + streamed.problem(), ids, null);
            }
            return streamed.employees();
        }
        String detail = errorDetail(answer.body());
        if (status == 401) {
            throw new HibobAuthException("HiBob answered 401 to a search for " + about + ": it does not accept the "
                    + "service user HIBOB_SERVICE_USER_ID with HIBOB_SERVICE_USER_TOKEN (wrong, revoked or expired "
                    + "token)" + detail, ids, status);
        }
        if (status == 403) {
            throw new HibobAuthException("HiBob answered 403 to a search for " + about + ": the service user "
                    + "HIBOB_SERVICE_USER_ID may not search people; check its permission group in Bob" + detail,
                    ids, status);
        }
        if (status == 429) {
            Instant now = clock.instant();
            Duration wait = rateLimitWait(answer.headers(), now);
            var limited = new HibobRateLimitedException("HiBob answered 429 to a search for " + about + " (50 "
                    + "searches a minute); it asked to wait " + wait.toMillis() + " ms", ids, wait);
            throttle.throttled(429, askedWait(answer.headers(), now), limited.getMessage());
            throw limited;
        }
        if (status == 404 || status == 405) {
            // Nothing about the employees: the URL is not HiBob's search endpoint.
            throw new HibobUnavailableException("HiBob answered " + status + " to a search for " + about
                    + ": is HIBOB_API_URL right (e.g. https://api.hibob.com/v1)?" + detail, ids, null);
        }
        if (status >= 400 && status < 500 && status != 408) {
            throw new HibobRejectedException("HiBob refused a search for " + about + " with " + status + detail,
                    ids, status);
        }
        throw new HibobUnavailableException("HiBob answered " + status + " to a search for " + about + detail, ids,
                null);
    }

    /**
     * Parses {@code {"employees":[...]}} as it arrives and hands over each employee object as soon as it is read; only
     * one employee is in memory at a time. Says what was wrong with the body rather than throwing, so that the
     * caller can tell HiBob's fault from its own.
     */
    private Streamed stream(InputStream body, Consumer<JsonNode> employee) {
        int count = 0;
        if (body == null) {
            return new Streamed(0, "without an '" + EMPLOYEES + "' list", null);
        }
        try (JsonParser parser = json.createParser(body)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return new Streamed(0, "without an '" + EMPLOYEES + "' list", null);
            }
            if (token != JsonToken.START_OBJECT) {
                return new Streamed(0, "with a body that is not a JSON object", null);
            }
            boolean listed = false;
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (EMPLOYEES.equals(name) && value == JsonToken.START_ARRAY) {
                    listed = true;
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        JsonNode one = json.readTree(parser);
                        count++;
                        try {
                            employee.accept(one);
                        } catch (RuntimeException refused) {
                            return new Streamed(count, null, refused);
                        }
                    }
                } else {
                    parser.skipChildren();
                }
            }
            return listed ? new Streamed(count, null, null)
                    : new Streamed(count, "without an '" + EMPLOYEES + "' list", null);
        } catch (JacksonException e) {
            return new Streamed(count, "with a body that is not JSON after " + count + " employee(s) ("
                    + e.getOriginalMessage() + ")", null);
        }
    }

    /**
     * How long HiBob asked us to wait: {@code Retry-After} (seconds or an HTTP date), else
     * {@code X-RateLimit-Reset} (Unix epoch seconds when the window ends), else a whole window (one minute).
     */
    static Duration rateLimitWait(HttpHeaders headers, Instant now) {
        Duration wait = askedWait(headers, now);
        if (wait == null) {
            wait = DEFAULT_RATE_LIMIT_WAIT;
        }
        if (wait.compareTo(SHORTEST_RATE_LIMIT_WAIT) < 0) {
            return SHORTEST_RATE_LIMIT_WAIT;
        }
        return wait.compareTo(LONGEST_RATE_LIMIT_WAIT) > 0 ? LONGEST_RATE_LIMIT_WAIT : wait;
    }

    /**
     * What HiBob's headers ask for, as they say it; {@code null} when they say nothing readable. A time already past
     * (clocks apart) asks for no wait at all: zero, never negative.
     */
    static Duration askedWait(HttpHeaders headers, Instant now) {
        Duration wait = RetryAfter.parse(headers.getFirst(HttpHeaders.RETRY_AFTER), now);
        return wait != null ? wait : resetAt(headers.getFirst("X-RateLimit-Reset"), now);
    }

    private static Duration resetAt(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long epoch = Long.parseLong(value.trim());
            // Seconds per HiBob; tolerate milliseconds.
            Instant reset = epoch > 100_000_000_000L ? Instant.ofEpochMilli(epoch) : Instant.ofEpochSecond(epoch);
            return reset.isAfter(now) ? Duration.between(now, reset) : Duration.ZERO;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // HiBob's error bodies vary: {"key","error"}, {"errorMessage"}, {"errors":{...}}, or empty.
    private String errorDetail(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        try {
            JsonNode error = json.readTree(body);
            for (String name : List.of("error", "errorMessage", "message")) {
                JsonNode message = error == null ? null : error.get(name);
                if (message != null && message.isString() && !message.asString().isBlank()) {
                    text = message.asString();
                    break;
                }
            }
        } catch (JacksonException notJson) {
            // keep the raw text
        }
        if (text.isEmpty()) {
            return "";
        }
        return " (HiBob said: " + (text.length() > ERROR_EXCERPT ? text.substring(0, ERROR_EXCERPT) + "..." : text)
                + ")";
    }

    private static byte[] readAll(InputStream body) throws IOException {
        return body == null ? new byte[0] : body.readAllBytes();
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** A non-2xx answer keeps its (small) body; a 2xx one was streamed to the caller. */
    private record Answer(int status, HttpHeaders headers, byte[] body, Streamed streamed) {
    }

    /**
     * What the stream of a 2xx answer gave: how many employees, what was wrong with the body ({@code null}: nothing),
     * or what the caller threw for one of them.
     */
    private record Streamed(int employees, String problem, RuntimeException refused) {
    }
}
