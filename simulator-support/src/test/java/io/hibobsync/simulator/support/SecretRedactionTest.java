package io.hibobsync.simulator.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretRedactionTest {

    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String JSON = "application/json";

    @Test
    void redacts_the_secret_fields_of_an_oauth_token_form_and_keeps_the_rest() {
        String body = "grant_type=password&client_id=sync-client&client_secret=s3cr%26t&username=admin"
                + "&password=p%40ss&scope=api";

        assertThat(SecretRedaction.body(body, FORM + ";charset=UTF-8")).isEqualTo(
                "grant_type=password&client_id=sync-client&client_secret=***&username=admin&password=***&scope=api");
        assertThat(SecretRedaction.body("grant_type=refresh_token&refresh_token=abc&access%5Ftoken=def", FORM))
                .isEqualTo("grant_type=refresh_token&refresh_token=***&access%5Ftoken=***");
    }

    @Test
    void redacts_secret_json_properties_wherever_they_are_and_keeps_the_formatting_of_the_rest() {
        String body = """
                {"items": [ {"username": "jane", "password" : "p\\"w{d}", "level": 6},
                            {"username": "joe", "Password": 1234} ],
                 "options": {"change_user_password": true, "token_type": "Bearer", "clientSecret": {"v": "x"}},
                 "note": "\\"password\\": \\"not a property\\""}""";

        assertThat(SecretRedaction.body(body, JSON)).isEqualTo("""
                {"items": [ {"username": "jane", "password" : "***", "level": 6},
                            {"username": "joe", "Password": "***"} ],
                 "options": {"change_user_password": true, "token_type": "Bearer", "clientSecret": "***"},
                 "note": "\\"password\\": \\"not a property\\""}""");
    }

    @Test
    void redacts_json_sent_without_a_json_content_type_and_json_that_is_malformed() {
        assertThat(SecretRedaction.body("{\"secret\":\"x\"", null)).isEqualTo("{\"secret\":\"***\"");
        assertThat(SecretRedaction.body("  [{\"token\":\"x\"}]", "text/plain")).isEqualTo("  [{\"token\":\"***\"}]");
    }

    @Test
    void leaves_bodies_without_secrets_untouched() {
        String search = "{\"fields\":[\"root.id\"],\"showInactive\":true}";

        assertThat(SecretRedaction.body(search, JSON)).isSameAs(search);
        assertThat(SecretRedaction.body("password=not a form", "text/plain")).isEqualTo("password=not a form");
        assertThat(SecretRedaction.body("", FORM)).isEmpty();
    }

    @Test
    void query_strings_are_redacted_like_forms() {
        assertThat(SecretRedaction.form("page=2&access_token=abc&q=")).isEqualTo("page=2&access_token=***&q=");
    }

    @Test
    void names_like_password_secret_or_token_are_secret_whatever_their_spelling() {
        assertThat(SecretRedaction.isSecretName("password")).isTrue();
        assertThat(SecretRedaction.isSecretName("client_secret")).isTrue();
        assertThat(SecretRedaction.isSecretName("refresh-token")).isTrue();
        assertThat(SecretRedaction.isSecretName("newPassword")).isTrue();
        assertThat(SecretRedaction.isSecretName("token_type")).isFalse();
        assertThat(SecretRedaction.isSecretName("grant_type")).isFalse();
        assertThat(SecretRedaction.isSecretName("ignore_password_change_for_existing_users")).isFalse();
    }
}
