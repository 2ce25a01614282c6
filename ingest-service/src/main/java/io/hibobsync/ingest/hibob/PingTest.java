package io.hibobsync.ingest.hibob;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * HiBob's connection test when a webhook is registered: the plain text {@code Ping test}, and if that fails
 * {@code {"text":"Ping test"}}. It must be answered 2xx and it carries no event.
 */
public final class PingTest {

    private static final String PING = "Ping test";
    private static final Pattern JSON_PING = Pattern.compile("\\{\\s*\"text\"\\s*:\\s*\"Ping test\"\\s*}");
    private static final int LONGEST_PING = 64;

    private PingTest() {
    }

    public static boolean isPing(byte[] body) {
        if (body.length > LONGEST_PING) {
            return false;
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return text.equals(PING) || JSON_PING.matcher(text).matches();
    }
}
