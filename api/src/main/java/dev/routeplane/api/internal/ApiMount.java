package dev.routeplane.api.internal;

import java.util.Objects;
import org.eclipse.jetty.server.Handler;

/**
 * A handler serving every path under {@code prefix} on the API's port (the ledger queries, {@code /metrics}).
 *
 * @param authenticated whether a valid tenant key is required before the handler runs (401 otherwise)
 */
public record ApiMount(String prefix, Handler handler, boolean authenticated) {
    public ApiMount {
        if (prefix == null || !prefix.startsWith("/") || "/".equals(prefix)) {
            throw new IllegalArgumentException("mount path must start with '/' and not be '/' itself: " + prefix);
        }
        Objects.requireNonNull(handler, "handler");
    }
}
