package io.hibobsync.ingest.web;

import io.hibobsync.ingest.IngestProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.stereotype.Component;

/**
 * Reads the raw request body, exactly as sent (the signature is over these bytes), refusing to hold more than
 * the configured maximum in memory whatever the client claims in Content-Length.
 */
@Component
class RequestBodyReader {

    private final long maxBytes;

    RequestBodyReader(IngestProperties properties) {
        this.maxBytes = properties.maxBodySize().toBytes();
    }

    byte[] read(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > maxBytes) {
            throw new BodyTooLargeException(maxBytes);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (InputStream in = request.getInputStream()) {
            int read;
            while ((read = in.read(buffer)) != -1) {
                if (body.size() + read > maxBytes) {
                    throw new BodyTooLargeException(maxBytes);
                }
                body.write(buffer, 0, read);
            }
        }
        return body.toByteArray();
    }

    static class BodyTooLargeException extends RuntimeException {
        BodyTooLargeException(long maxBytes) {
            super("The body is larger than the " + maxBytes + " bytes this endpoint accepts (INGEST_MAX_BODY_SIZE).");
        }
    }
}
