package dev.routeplane.ledger;

/**
 * What a tenant has spent in its current budget period.
 *
 * @param tenantId the tenant
 * @param period {@code yyyy-MM} for a monthly budget, {@code yyyy-MM-dd} for a daily one (UTC)
 * @param spentMicros billed spend in the period, micro-dollars
 * @param budgetMicros the period's budget, or {@code null} if the tenant is not configured (unlimited)
 */
public record SpendSnapshot(String tenantId, String period, long spentMicros, Long budgetMicros) {}
