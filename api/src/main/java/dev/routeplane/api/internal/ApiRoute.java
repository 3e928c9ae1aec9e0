package dev.routeplane.api.internal;

import java.io.IOException;

/**
 * One resource family of the API (chat completions, models, files, batches, requests), called after the caller
 * was authenticated and, for a JSON POST, after its body arrived. An implementation answers the call exactly
 * once, possibly later on another thread, or throws {@link ApiException} before answering for the server to
 * turn into an error response.
 */
@FunctionalInterface
public interface ApiRoute {
    /**
     * @param tenantId the authenticated caller's tenant: the only tenant whose data may be read or written
     * @param subPath the raw (still percent-encoded) path after the route's prefix, "" for the prefix itself
     */
    void handle(HttpCall call, String tenantId, String subPath) throws IOException;

    /**
     * Whether this call may block its thread for long (seconds to minutes, e.g. submitting a whole batch file to
     * Kafka): it then runs on a small pool of its own instead of the server's threads. False by default.
     */
    default boolean runsLong(String method, String subPath) {
        return false;
    }
}
