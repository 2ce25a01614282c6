package io.hibobsync.enrich.hibob;

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
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads employees from HiBob with {@code POST /v1/people/search}: many ids in one call ({@code root.id} filter),
 * inactive employees included, only the fields the sync needs, human-readable values beside the machine ones.
 * Every answer other than 200 becomes a typed {@link HibobException}; no call is retried here (the Kafka error
 * handler decides when to try again). Each answer also tells the {@link ThrottleIncident} {@code hibobThrottle}
 * whether HiBob is throttling us: a 429 opens or extends it, any other answer ends it.
 */
@Component
public class HibobClient implements EmployeeSearch {

    static final String SEARCH_PATH = "/people/search";
    private static final Logger log = LoggerFactory.getLogger(HibobClient.class);
    private static final String ENDPOINT_TAG = "people.search";
    private static final Duration DEFAULT_RATE_LIMIT_WAIT = Duration.ofSeconds(60);
    private static final Duration LONGEST_RATE_LIMIT_WAIT = Duration.ofMinutes(5);
    private static final Duration SHORTEST_RATE_LIMIT_WAIT = Duration.ofSeconds(1);
    private static final int ERROR_EXCERPT = 200;

    private final RestClient rest;
    private final List<String> fields;
    private final MeterRegistry meters;
    private final JsonMapper json;
    private final Clock clock;
    private final ThrottleIncident throttle;

    public HibobClient(RestClient.Builder builder, HibobProperties properties, MeterRegistry meters,
            ThrottleIncident throttle) {
        var settings = HttpClientSettings.defaults()
                .withTimeouts(properties.connectTimeout(), properties.readTimeout());
        this.rest = builder
                .baseUrl(properties.apiUrl().toString())
                .requestFactory(ClientHttpRequestFactoryBuilder.jdk()
                        // HTTP/1.1 as HiBob documents it; no h2c upgrade attempts on plain-HTTP test endpoints.
                        .withHttpClientCustomizer(client -> client.version(HttpClient.Version.HTTP_1_1))
                        .build(settings))
                .defaultHeaders(headers -> headers.setBasicAuth(properties.serviceUserId(),
                        properties.serviceUserToken(), StandardCharsets.UTF_8))
                .build();
        this.fields = EmployeeFields.of(properties).requested();
        this.meters = meters;
        this.json = JsonMapper.builder().build();
        this.clock = Clock.systemUTC();
        this.throttle = throttle;
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
        byte[] request = json.writeValueAsBytes(searchBody(employeeIds));
        long started = System.nanoTime();
        String statusTag = "io_error";
        try {
            Answer answer = rest.post()
                    .uri(SEARCH_PATH)
                    .contentType(MediaType.APPLICATION_JSON)
                    .accept(MediaType.APPLICATION_JSON)
                    .body(request)
                    .exchange((req, res) -> new Answer(res.getStatusCode().value(), res.getHeaders(),
                            readAll(res.getBody())));
            statusTag = String.valueOf(answer.status());
            if (answer.status() != 429) {
                // HiBob answered: whatever it said, it no longer tells us to slow down.
                throttle.cleared();
            }
            List<JsonNode> employees = interpret(answer, employeeIds);
            log.debug("HiBob search for {} answered {} employee(s)", HibobException.describe(employeeIds),
                    employees.size());
            return employees;
        } catch (RestClientException e) {
            throw new HibobUnavailableException("HiBob did not answer a search for " + HibobException.describe(employeeIds)
                    + ": " + rootMessage(e), employeeIds, e);
        } finally {
            Timer.builder("hibob.api.calls")
                    .description("Calls to the HiBob API, by endpoint and answer status (io_error: no answer)")
                    .tag("endpoint", ENDPOINT_TAG)
                    .tag("status", statusTag)
                    .register(meters)
                    .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    private Map<String, Object> searchBody(List<String> employeeIds) {
        var body = new LinkedHashMap<String, Object>();
        body.put("fields", fields);
        body.put("filters", List.of(Map.of("fieldPath", "root.id", "operator", "equals", "values", employeeIds)));
        // Without it leavers and future hires are left out of the answer.
        body.put("showInactive", true);
        // List values (department, title) may come as ids; the human-readable copy has their names.
        body.put("humanReadable", "APPEND");
        return body;
    }

    private List<JsonNode> interpret(Answer answer, List<String> ids) {
        int status = answer.status();
        String about = HibobException.describe(ids);
        if (status >= 200 && status < 300) {
            return employees(answer, ids);
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

    private List<JsonNode> employees(Answer answer, List<String> ids) {
        JsonNode root;
        try {
            root = json.readTree(answer.body());
        } catch (JacksonException e) {
            throw new HibobUnavailableException("HiBob answered " + answer.status() + " to a search for "
                    + HibobException.describe(ids) + " with a body that is not JSON", ids, e);
        }
        JsonNode employees = root == null ? null : root.get("employees");
        if (employees == null || !employees.isArray()) {
            throw new HibobUnavailableException("HiBob answered " + answer.status() + " to a search for "
                    + HibobException.describe(ids) + " without an 'employees' list", ids, null);
        }
        List<JsonNode> found = new ArrayList<>();
        employees.forEach(found::add);
        return found;
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

    /** What HiBob's headers ask for, as they say it; {@code null} when they say nothing readable. */
    static Duration askedWait(HttpHeaders headers, Instant now) {
        Duration wait = retryAfter(headers.getFirst(HttpHeaders.RETRY_AFTER), now);
        return wait != null ? wait : resetAt(headers.getFirst("X-RateLimit-Reset"), now);
    }

    private static Duration retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException notSeconds) {
            try {
                return Duration.between(now, ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private static Duration resetAt(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long epoch = Long.parseLong(value.trim());
            // Seconds per HiBob; tolerate milliseconds.
            Instant reset = epoch > 100_000_000_000L ? Instant.ofEpochMilli(epoch) : Instant.ofEpochSecond(epoch);
            return Duration.between(now, reset);
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

    private record Answer(int status, HttpHeaders headers, byte[] body) {
    }
}
