package dev.routeplane.api.internal;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * One resource family of the API (chat completions, files, batches, requests), called after the caller was
 * authenticated. An implementation answers and closes the exchange, possibly later on another thread, or
 * throws {@link ApiException} before answering for the server to turn into an error response.
 */
@FunctionalInterface
public interface ApiRoute {
    /**
     * @param tenantId the authenticated caller's tenant: the only tenant whose data may be read or written
     * @param subPath the raw (still percent-encoded) path after the route's prefix, "" for the prefix itself
     */
    void handle(HttpExchange exchange, String tenantId, String subPath) throws IOException;
}
