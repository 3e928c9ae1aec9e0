package dev.routeplane.ledger;

import com.sun.net.httpserver.HttpExchange;

/**
 * Decides whether the caller of an HTTP request may read a tenant's ledger. Supplied by the application,
 * which knows how callers authenticate (e.g. a tenant API key in a header). Called on the server's handler
 * thread, possibly concurrently: implementations must be thread-safe and must not consume the request body.
 */
@FunctionalInterface
public interface TenantAuthorizer {
    /**
     * @return true if the caller may read {@code tenantId}'s usage and spend. Return false for tenants that
     *     do not exist as well, so a refusal never reveals whether a tenant exists.
     */
    boolean mayRead(HttpExchange exchange, String tenantId);
}
