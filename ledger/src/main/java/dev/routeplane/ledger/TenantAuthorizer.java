package dev.routeplane.ledger;

/**
 * Decides whether the caller of a ledger query may read a tenant's ledger. Supplied by the application, which
 * knows how callers authenticate (the API's tenant keys, from the {@code Authorization} header). Called on the
 * serving thread, possibly concurrently: implementations must be thread-safe.
 */
@FunctionalInterface
public interface TenantAuthorizer {
    /**
     * @param authorization the request's {@code Authorization} header, or null when it has none
     * @return true if the caller may read {@code tenantId}'s usage and spend. Return false for tenants that
     *     do not exist as well, so a refusal never reveals whether a tenant exists.
     */
    boolean mayRead(String authorization, String tenantId);
}
