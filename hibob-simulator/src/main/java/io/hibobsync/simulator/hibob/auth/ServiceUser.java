package io.hibobsync.simulator.hibob.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/** The one service user the simulated tenant accepts. Changeable at run time to simulate a revoked token. */
public final class ServiceUser {

    private volatile String expectedHeader;

    public ServiceUser(String id, String token) {
        change(id, token);
    }

    public void change(String id, String token) {
        expectedHeader = "Basic " + Base64.getEncoder().encodeToString((id + ":" + token).getBytes(StandardCharsets.UTF_8));
    }

    /** Constant-time, so the simulator does not teach clients to rely on timing. */
    boolean accepts(String authorizationHeader) {
        if (authorizationHeader == null) {
            return false;
        }
        return MessageDigest.isEqual(expectedHeader.getBytes(StandardCharsets.UTF_8),
                authorizationHeader.trim().getBytes(StandardCharsets.UTF_8));
    }
}
