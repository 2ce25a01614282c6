package io.hibobsync.writer.docebo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import io.hibobsync.kafka.RetryAfter;
import io.hibobsync.kafka.ThrottleIncident;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Docebo Learn API calls the writer makes ({@code /oauth2/token}, {@code /manage/v1/...}), with Docebo's
 * quirks handled in one place: request and answer spell fields differently, wrapped list answers with
 * {@code has_more_data}, failures answered as HTTP 200 with {@code "success": false}, and a token that expires.
 */
@Component
public class DoceboClient {

    private static final Logger log = LoggerFactory.getLogger(DoceboClient.class);
    private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofSeconds(60);
    private static final int DIRECT_MANAGER = 1;

    private final RestClient http;
    private final DoceboProperties properties;
    private final JsonMapper json;
    private final ThrottleIncident throttle;
    private final DoceboCallBudget budget;
    private final Object batchLock = new Object();
    private volatile AccessToken token;

    public DoceboClient(RestClient.Builder builder, DoceboProperties properties, JsonMapper json,
            ThrottleIncident throttle, DoceboCallBudget budget) {
        this.properties = properties;
        this.json = json;
        this.throttle = throttle;
        this.budget = budget;
        this.http = builder.clone()
                .baseUrl(properties.url())
                .requestFactory(ClientHttpRequestFactoryBuilder.detect()
                        .build(HttpClientSettings.defaults()
                                .withConnectTimeout(properties.timeout())
                                .withReadTimeout(properties.timeout())))
                .build();
    }

    /** Every user whose username or email is {@code text}, ignoring case, reading every page of the search. */
    public List<DoceboUser> findUsers(String text) {
        List<DoceboUser> matches = new ArrayList<>();
        int page = 1;
        boolean more = true;
        while (more) {
            int current = page;
            JsonNode data = call("search users", client -> client.get().uri(uri -> uri.path("/manage/v1/user")
                    .queryParam("search_text", text)
                    .queryParam("page", current)
                    .queryParam("page_size", properties.pageSize())
                    .build())).path("data");
            for (JsonNode item : data.path("items")) {
                DoceboUser user = user(item);
                if (text.equalsIgnoreCase(user.username()) || text.equalsIgnoreCase(user.email())) {
                    matches.add(user);
                }
            }
            more = data.path("has_more_data").asBoolean(false);
            page++;
        }
        return matches;
    }

    /** Every user of the platform, page by page ({@code page_size} up to 200): the directory of a large run. */
    public List<DoceboUser> allUsers() {
        List<DoceboUser> users = new ArrayList<>();
        int page = 1;
        boolean more = true;
        while (more) {
            int current = page;
            JsonNode data = call("list users", client -> client.get().uri(uri -> uri.path("/manage/v1/user")
                    .queryParam("page", current)
                    .queryParam("page_size", properties.pageSize())
                    .build())).path("data");
            data.path("items").forEach(item -> users.add(user(item)));
            more = data.path("has_more_data").asBoolean(false);
            page++;
        }
        return users;
    }

    /**
     * Creates and updates many users in one call ({@code POST /manage/v1/user/batch}). Items name a new user by
     * {@code username}, an existing one by {@code user_id}; request spelling ({@code firstname}, {@code active},
     * {@code branch_code}, {@code manager_1} by username, {@code field_<id>}). Never two at once: Docebo warns
     * that concurrent batch or branch calls can corrupt the branch tree.
     *
     * @return one result per item, in item order
     */
    public List<BatchRow> importUsers(List<Map<String, Object>> items) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("update_user_info", true);
        options.put("ignore_password_change_for_existing_users", true);
        // Required by Docebo (error 1006 without it); branches are mapped to ones that exist.
        options.put("branch_option", "existing");
        options.put("send_notification_email", false);
        Map<String, Object> body = Map.of("items", items, "options", options);
        JsonNode answer;
        synchronized (batchLock) {
            answer = call("import " + items.size() + " users",
                    client -> client.post().uri("/manage/v1/user/batch").body(body));
        }
        List<BatchRow> rows = new ArrayList<>();
        // The rows are documented as the "data" array; a wrapped list ("data.items") is read too.
        JsonNode data = answer.path("data");
        for (JsonNode row : data.isArray() ? data : data.path("items")) {
            JsonNode output = row.path("output");
            String userId = output.path("user_id").asString(row.path("user_id").asString(""));
            rows.add(new BatchRow(row.path("row_index").asInt(rows.size()), row.path("success").asBoolean(false),
                    messageText(row.path("message")), userId.isBlank() ? null : userId));
        }
        if (rows.size() != items.size()) {
            throw new DoceboUnavailableException("Docebo answered " + rows.size() + " rows to a batch of "
                    + items.size() + " users; the batch is tried again", null, null);
        }
        rows.sort(java.util.Comparator.comparingInt(BatchRow::index));
        return rows;
    }

    /** Deletes users for good, many in one call: no undo. */
    public void deleteUsers(List<String> userIds) {
        Map<String, Object> body = Map.of("user_ids", userIds);
        successful("delete users " + userIds, call("delete users",
                client -> client.method(HttpMethod.DELETE).uri("/manage/v1/user/delete").body(body)));
    }

    /** Whether the user still exists ({@code GET /manage/v1/user/{id}}: 404 when someone deleted it in Docebo). */
    public boolean exists(String userId) {
        try {
            call("read user " + userId, client -> client.get().uri("/manage/v1/user/{id}", userId));
            return true;
        } catch (DoceboRejectedException e) {
            if (e.status() == 404) {
                return false;
            }
            throw e;
        }
    }

    private static JsonNode successful(String what, JsonNode answer) {
        JsonNode data = answer.path("data");
        if (data.has("success") && !data.path("success").asBoolean(true)) {
            throw new DoceboRejectedException("Docebo refused to " + what + ": " + messages(data));
        }
        return data;
    }

    private JsonNode call(String what, Function<RestClient, RestClient.RequestHeadersSpec<?>> request) {
        try {
            budget.spend(what);
            Optional<JsonNode> answer = send(what, request, accessToken(false), true);
            if (answer.isEmpty()) {
                // The token may have been revoked or expired early: one fresh token, then 401 is final.
                budget.spend(what);
                answer = send(what, request, accessToken(true), false);
            }
            return answer.orElseThrow();
        } catch (ResourceAccessException e) {
            throw new DoceboUnavailableException("Docebo did not answer (" + what + "): " + e.getMessage(), null, e);
        }
    }

    /** The answer, or empty for a 401 that a fresh token may cure. */
    private Optional<JsonNode> send(String what, Function<RestClient, RestClient.RequestHeadersSpec<?>> request,
            String bearer, boolean mayRenewToken) {
        return request.apply(http)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer)
                .accept(MediaType.APPLICATION_JSON)
                .exchange((req, response) -> mayRenewToken && response.getStatusCode().value() == 401
                        ? Optional.<JsonNode>empty()
                        : Optional.of(answer(what, response)), true);
    }

    private JsonNode answer(String what, ClientHttpResponse response) throws IOException {
        int status = response.getStatusCode().value();
        String body = new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
        if (status >= 200 && status < 300) {
            throttle.cleared();
            return body.isBlank() ? json.createObjectNode() : json.readTree(body);
        }
        String detail = "Docebo answered " + status + " to " + what + ": " + abbreviate(body);
        if (status == 429 || status == 503) {
            throw throttled(status, detail, response.getHeaders());
        }
        if (status == 401 || status == 403) {
            throw new DoceboAuthException(status, detail + ". Check DOCEBO_CLIENT_ID/DOCEBO_CLIENT_SECRET"
                    + " (and DOCEBO_USERNAME/DOCEBO_PASSWORD), and that the API user may manage users.");
        }
        if (status == 409 || status >= 500) {
            throw new DoceboUnavailableException(detail, retryAfter(response.getHeaders()), null);
        }
        throw new DoceboRejectedException(detail, status);
    }

    /** Obtains an access token now unless one is held: the first write after a start then need not wait for it. */
    public void signIn() {
        accessToken(false);
    }

    private String accessToken(boolean renew) {
        AccessToken current = token;
        if (renew || current == null || current.expiresSoon()) {
            synchronized (this) {
                current = token;
                if (renew || current == null || current.expiresSoon()) {
                    current = requestToken();
                    token = current;
                }
            }
        }
        return current.value();
    }

    private AccessToken requestToken() {
        budget.spend("request a token");
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("client_id", properties.clientId());
        form.add("client_secret", properties.clientSecret());
        form.add("scope", "api");
        if (properties.usesPasswordGrant()) {
            form.add("grant_type", "password");
            form.add("username", properties.username());
            form.add("password", properties.password());
        } else {
            form.add("grant_type", "client_credentials");
        }
        try {
            JsonNode answer = http.post().uri("/oauth2/token")
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                    .body(form)
                    .exchange((req, response) -> {
                        int status = response.getStatusCode().value();
                        String body = new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
                        if (status == 400 || status == 401 || status == 403) {
                            throw new DoceboAuthException(status, "Docebo refused our OAuth credentials (" + status
                                    + " " + abbreviate(body) + "). Check DOCEBO_CLIENT_ID, DOCEBO_CLIENT_SECRET"
                                    + (properties.usesPasswordGrant() ? ", DOCEBO_USERNAME and DOCEBO_PASSWORD." : "."));
                        }
                        if (status == 429 || status == 503) {
                            throw throttled(status, "Docebo answered " + status + " to a token request",
                                    response.getHeaders());
                        }
                        if (status >= 300) {
                            throw new DoceboUnavailableException("Docebo answered " + status + " to a token request",
                                    retryAfter(response.getHeaders()), null);
                        }
                        throttle.cleared();
                        return json.readTree(body);
                    }, true);
            long expiresIn = answer.path("expires_in").asLong(3600);
            log.info("Obtained a Docebo access token valid for {} s", expiresIn);
            return new AccessToken(answer.path("access_token").asString(),
                    Instant.now().plusSeconds(expiresIn));
        } catch (ResourceAccessException e) {
            throw new DoceboUnavailableException("Docebo did not answer a token request: " + e.getMessage(), null, e);
        }
    }

    private DoceboThrottledException throttled(int status, String detail, HttpHeaders headers) {
        Duration retryAfter = retryAfter(headers);
        throttle.throttled(status, retryAfter, detail);
        return new DoceboThrottledException(detail, retryAfter);
    }

    private static Duration retryAfter(HttpHeaders headers) {
        return RetryAfter.parse(headers.getFirst(HttpHeaders.RETRY_AFTER), Instant.now());
    }

    private static DoceboUser user(JsonNode item) {
        Map<Integer, String> fields = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> property : item.properties()) {
            if (property.getKey().startsWith("field_")) {
                try {
                    fields.put(Integer.parseInt(property.getKey().substring("field_".length())),
                            property.getValue().isNull() ? null : property.getValue().asString());
                } catch (NumberFormatException notAnAdditionalField) {
                    // field_<something else>: not ours to compare
                }
            }
        }
        return new DoceboUser(item.path("user_id").asString(), item.path("username").asString(null),
                item.path("email").asString(null), item.path("first_name").asString(null),
                item.path("last_name").asString(null), "1".equals(item.path("status").asString()),
                item.path("language").asString(null), item.path("timezone").asString(null), fields,
                item.path("manager_names").path(String.valueOf(DIRECT_MANAGER)).path("manager_username").asString(null));
    }

    private static String messages(JsonNode data) {
        return messageText(data.path("message"));
    }

    private static String messageText(JsonNode message) {
        if (message.isMissingNode() || message.isNull()) {
            return "no reason given";
        }
        if (message.isArray()) {
            List<String> all = new ArrayList<>();
            message.forEach(entry -> all.add(entry.asString()));
            return String.join("; ", all);
        }
        return message.asString("no reason given");
    }

    private static String abbreviate(String body) {
        String flat = body.replaceAll("\\s+", " ").strip();
        return flat.length() <= 300 ? flat : flat.substring(0, 300) + "...";
    }

    private record AccessToken(String value, Instant expiresAt) {
        boolean expiresSoon() {
            return Instant.now().plus(RENEW_BEFORE_EXPIRY).isAfter(expiresAt);
        }
    }
}
