package dev.routeplane.ledger;

import java.util.Objects;

/**
 * A ledger query as it arrived over HTTP, independent of the server that received it.
 *
 * @param method the HTTP method
 * @param rawPath the path, still percent-encoded (e.g. {@code /v1/ledger/batches/batch_1})
 * @param rawQuery the query string without {@code ?}, still encoded, or null
 * @param authorization the {@code Authorization} header, or null
 */
public record LedgerHttpRequest(String method, String rawPath, String rawQuery, String authorization) {
    public LedgerHttpRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rawPath, "rawPath");
    }
}
