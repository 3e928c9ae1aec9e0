package dev.routeplane.ledger;

import java.util.Map;
import java.util.Objects;

/**
 * The answer to a {@link LedgerHttpRequest}, for the serving HTTP server to write as is.
 *
 * @param status the HTTP status
 * @param contentType the body's content type
 * @param body the body (JSON or CSV text, UTF-8 on the wire)
 * @param headers further response headers (e.g. {@code Allow} on a 405)
 */
public record LedgerHttpResponse(int status, String contentType, String body, Map<String, String> headers) {
    public LedgerHttpResponse {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
    }
}
