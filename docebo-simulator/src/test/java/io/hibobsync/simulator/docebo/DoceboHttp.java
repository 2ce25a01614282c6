package io.hibobsync.simulator.docebo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client for the contract tests: it sends exactly the bytes a Docebo client would and hands
 * back status, headers and JSON body without interpreting them, errors included.
 */
final class DoceboHttp {

    record Answer(int status, JsonNode body, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newHttpClient();
    private final String baseUrl;
    private String accessToken;

    DoceboHttp(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** {@code POST /oauth2/token} with a form; the values are encoded here. */
    Answer token(Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Gets a token with the password grant and the simulator's default credentials, and uses it from now on. */
    DoceboHttp signIn() {
        Answer answer = token(Map.of("grant_type", "password", "client_id", "sync-client",
                "client_secret", "sync-client-secret", "username", "sync-admin", "password", "sync-admin-password",
                "scope", "api"));
        if (answer.status() != 200) {
            throw new IllegalStateException("could not sign in: " + answer.raw().body());
        }
        accessToken = answer.body().get("access_token").asString();
        return this;
    }

    DoceboHttp useToken(String token) {
        accessToken = token;
        return this;
    }

    Answer get(String pathAndQuery) {
        return send(authorised(pathAndQuery).GET());
    }

    Answer post(String path, Object body) {
        return send(withJson(authorised(path), "POST", body));
    }

    Answer put(String path, Object body) {
        return send(withJson(authorised(path), "PUT", body));
    }

    Answer delete(String path, Object body) {
        return send(withJson(authorised(path), "DELETE", body));
    }

    /** The simulator's own admin API: no token. */
    Answer sim(String method, String path, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path));
        return send(body == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : withJson(request, method, body));
    }

    private HttpRequest.Builder authorised(String pathAndQuery) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery));
        if (accessToken != null) {
            request.header("Authorization", "Bearer " + accessToken);
        }
        return request;
    }

    private static HttpRequest.Builder withJson(HttpRequest.Builder request, String method, Object body) {
        String json = body instanceof String text ? text : JSON.writeValueAsString(body);
        return request.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json));
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            JsonNode json = body == null || body.isBlank() || !body.trim().matches("(?s)^[\\[{].*")
                    ? null : JSON.readTree(body);
            return new Answer(response.statusCode(), json, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
