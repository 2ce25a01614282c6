package io.hibobsync.endtoend;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * HTTP/1.1 over a plain socket, byte for byte as given, paced if asked: what a hostile client sends, which a
 * well-behaved HTTP client library refuses to (a Content-Length that lies, a body trickled in byte by byte, a
 * connection dropped half-way).
 */
final class RawHttp {

    /** No status line was read: the server closed or reset the connection, or did not answer in time. */
    static final int NO_ANSWER = -1;

    private static final int ANSWER_TIMEOUT_MS = 30_000;

    private final String host;
    private final int port;

    RawHttp(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** The request's head ({@code POST /path HTTP/1.1} and headers) ending in a blank line. */
    static byte[] head(String method, String path, String host, String... headers) {
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append("\r\nConnection: close\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Sends {@code head} then {@code body} at once; the status the server answered, or {@link #NO_ANSWER}. */
    int send(byte[] head, byte[] body) {
        return send(head, body, 0, Duration.ZERO, false);
    }

    /**
     * Sends {@code head}, then {@code body} in pieces of {@code pieceBytes} with {@code pause} between them
     * ({@code pieceBytes} 0: at once); with {@code hangUp}, closes the connection after the body without waiting
     * for an answer (answers {@link #NO_ANSWER}).
     */
    int send(byte[] head, byte[] body, int pieceBytes, Duration pause, boolean hangUp) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout(ANSWER_TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head);
                if (pieceBytes <= 0) {
                    out.write(body);
                } else {
                    for (int at = 0; at < body.length; at += pieceBytes) {
                        out.write(body, at, Math.min(pieceBytes, body.length - at));
                        out.flush();
                        Thread.sleep(pause.toMillis());
                    }
                }
                out.flush();
            } catch (IOException stoppedReading) {
                // The server may answer (413) and stop reading before the body is all sent: read what it said.
            }
            if (hangUp) {
                return NO_ANSWER;
            }
            return status(socket.getInputStream());
        } catch (IOException e) {
            return NO_ANSWER;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return NO_ANSWER;
        }
    }

    private static int status(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int next;
        while ((next = in.read()) != -1 && next != '\n') {
            line.write(next);
        }
        String statusLine = line.toString(StandardCharsets.US_ASCII).trim();
        String[] parts = statusLine.split(" ");
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            return NO_ANSWER;
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            return NO_ANSWER;
        }
    }
}
