package io.hibobsync.simulator.docebo.auth;

import io.hibobsync.simulator.docebo.DoceboSimProperties;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Access and refresh tokens the simulator has issued, and when each access token expires. */
public class TokenStore {

    /** What the token endpoint hands out; {@code refreshToken} is null for client credentials. */
    record IssuedToken(String accessToken, String refreshToken, long expiresInSeconds) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();
    private final long ttlSeconds;
    private final Map<String, Instant> accessTokens = new ConcurrentHashMap<>();
    /** Refresh token -> the subject (username or client id) it was issued for. */
    private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();

    TokenStore(DoceboSimProperties properties) {
        this.ttlSeconds = properties.tokenTtlSeconds();
    }

    IssuedToken issue(String subject, boolean withRefreshToken) {
        String accessToken = randomToken();
        accessTokens.put(accessToken, clock.instant().plusSeconds(ttlSeconds));
        String refreshToken = null;
        if (withRefreshToken) {
            refreshToken = randomToken();
            refreshTokens.put(refreshToken, subject);
        }
        return new IssuedToken(accessToken, refreshToken, ttlSeconds);
    }

    boolean isValid(String accessToken) {
        Instant expiry = accessTokens.get(accessToken);
        if (expiry == null) {
            return false;
        }
        if (!clock.instant().isBefore(expiry)) {
            accessTokens.remove(accessToken);
            return false;
        }
        return true;
    }

    /** A refresh token is good for one use, as with Docebo's OAuth server. */
    Optional<String> redeemRefreshToken(String refreshToken) {
        return Optional.ofNullable(refreshToken == null ? null : refreshTokens.remove(refreshToken));
    }

    /** Every token stops working: what a client sees when an admin revokes the OAuth app's tokens. */
    public void revokeAll() {
        accessTokens.clear();
        refreshTokens.clear();
    }

    private String randomToken() {
        byte[] bytes = new byte[20];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
