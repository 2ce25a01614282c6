package io.hibobsync.writer.docebo;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How to reach the customer's Docebo platform (see application.yml for the variable names). With a username
 * the OAuth password grant is used, otherwise client credentials.
 *
 * @param url          the platform, e.g. {@code https://acme.docebosaas.com}
 * @param clientId     OAuth client id
 * @param clientSecret OAuth client secret
 * @param username     API user for the password grant (a Superadmin or suitably scoped Power User); may be blank
 * @param password     its password
 * @param pageSize     users per page when searching
 * @param timeout      connect and read timeout of one call (Docebo writes take seconds)
 */
@ConfigurationProperties("docebo")
public record DoceboProperties(String url, String clientId, String clientSecret, String username, String password,
        Integer pageSize, Duration timeout) {

    public DoceboProperties {
        require(url, "DOCEBO_URL", "the Docebo platform URL, e.g. https://acme.docebosaas.com");
        require(clientId, "DOCEBO_CLIENT_ID", "the OAuth client id of the API credentials in Docebo");
        require(clientSecret, "DOCEBO_CLIENT_SECRET", "the OAuth client secret of the API credentials in Docebo");
        if (!isBlank(username) && isBlank(password)) {
            throw new IllegalArgumentException("DOCEBO_USERNAME is set but DOCEBO_PASSWORD is not: the password "
                    + "grant needs both (or unset DOCEBO_USERNAME to use client credentials).");
        }
        url = url.strip().replaceAll("/+$", "");
        pageSize = pageSize == null ? 200 : pageSize;
        timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
    }

    boolean usesPasswordGrant() {
        return !isBlank(username);
    }

    private static void require(String value, String variable, String what) {
        if (isBlank(value)) {
            throw new IllegalArgumentException(variable + " is not set: docebo-writer-service needs " + what + ".");
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    @Override
    public String toString() {
        return "DoceboProperties[url=%s, clientId=%s, clientSecret=***, username=%s, password=%s, pageSize=%d, timeout=%s]"
                .formatted(url, clientId, username, isBlank(password) ? "unset" : "***", pageSize, timeout);
    }
}
