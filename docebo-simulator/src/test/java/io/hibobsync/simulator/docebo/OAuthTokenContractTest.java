package io.hibobsync.simulator.docebo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OAuthTokenContractTest extends DoceboContractTest {

    private static final Map<String, String> PASSWORD_GRANT = Map.of("grant_type", "password",
            "client_id", "sync-client", "client_secret", "sync-client-secret",
            "username", "sync-admin", "password", "sync-admin-password", "scope", "api");

    @Test
    void password_grant_answers_a_bearer_token_with_a_refresh_token() {
        DoceboHttp.Answer answer = anonymous().token(PASSWORD_GRANT);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("access_token").asString()).isNotBlank();
        assertThat(answer.body().get("expires_in").asLong()).isEqualTo(3600);
        assertThat(answer.body().get("token_type").asString()).isEqualTo("Bearer");
        assertThat(answer.body().get("scope").asString()).isEqualTo("api");
        assertThat(answer.body().get("refresh_token").asString()).isNotBlank();
    }

    @Test
    void client_credentials_grant_answers_a_token_that_opens_the_api() {
        DoceboHttp.Answer answer = anonymous().token(Map.of("grant_type", "client_credentials",
                "client_id", "sync-client", "client_secret", "sync-client-secret", "scope", "api"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().has("refresh_token")).isFalse();
        String token = answer.body().get("access_token").asString();
        assertThat(anonymous().useToken(token).get("/manage/v1/user").status()).isEqualTo(200);
    }

    @Test
    void a_refresh_token_buys_a_new_access_token_once() {
        String refreshToken = anonymous().token(PASSWORD_GRANT).body().get("refresh_token").asString();
        Map<String, String> refresh = Map.of("grant_type", "refresh_token", "client_id", "sync-client",
                "client_secret", "sync-client-secret", "refresh_token", refreshToken);

        assertThat(anonymous().token(refresh).status()).isEqualTo(200);
        DoceboHttp.Answer again = anonymous().token(refresh);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body().get("error").asString()).isEqualTo("invalid_grant");
    }

    @Test
    void a_wrong_client_secret_is_an_oauth_invalid_client_error() {
        DoceboHttp.Answer answer = anonymous().token(with("client_secret", "not-the-secret"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().get("error").asString()).isEqualTo("invalid_client");
        assertThat(answer.body().get("error_description").asString()).isNotBlank();
    }

    @Test
    void a_wrong_user_password_is_an_oauth_invalid_grant_error() {
        DoceboHttp.Answer answer = anonymous().token(with("password", "guess"));

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.body().get("error").asString()).isEqualTo("invalid_grant");
    }

    @Test
    void an_unknown_grant_type_and_a_foreign_scope_are_refused() {
        assertThat(anonymous().token(with("grant_type", "authorization_code")).body().get("error").asString())
                .isEqualTo("unsupported_grant_type");
        DoceboHttp.Answer scope = anonymous().token(with("scope", "admin"));
        assertThat(scope.status()).isEqualTo(400);
        assertThat(scope.body().get("error").asString()).isEqualTo("invalid_scope");
    }

    @Test
    void the_api_refuses_a_call_without_a_bearer_token_with_a_docebo_error_body() {
        DoceboHttp.Answer answer = anonymous().get("/manage/v1/user");

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(answer.body().get("name").asString()).isEqualTo("Unauthorized");
        assertThat(answer.body().get("message").get(0).asString()).contains("Bearer");
    }

    @Test
    void the_api_refuses_an_unknown_token() {
        assertThat(anonymous().useToken("made-up").get("/manage/v1/user").status()).isEqualTo(401);
    }

    @Test
    void revoked_tokens_stop_working_and_a_new_one_works() {
        assertThat(docebo.get("/manage/v1/user").status()).isEqualTo(200);

        assertThat(docebo.sim("DELETE", "/sim/tokens", null).status()).isEqualTo(204);

        assertThat(docebo.get("/manage/v1/user").status()).isEqualTo(401);
        assertThat(docebo.signIn().get("/manage/v1/user").status()).isEqualTo(200);
    }

    private static Map<String, String> with(String name, String value) {
        Map<String, String> form = new HashMap<>(PASSWORD_GRANT);
        form.put(name, value);
        return form;
    }
}
