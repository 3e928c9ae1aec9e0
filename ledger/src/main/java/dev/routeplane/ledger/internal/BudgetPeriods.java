package dev.routeplane.ledger.internal;

import dev.routeplane.config.Budget;
import dev.routeplane.config.BudgetPeriod;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.config.Tenant;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * Names a tenant's budget period containing an instant: {@code yyyy-MM} for monthly budgets,
 * {@code yyyy-MM-dd} for daily ones, both UTC (budgets reset at midnight UTC). A tenant missing from the
 * config is treated as monthly and unlimited, so its spend is still reported.
 */
public final class BudgetPeriods {
    private final RouteplaneConfig config;

    public BudgetPeriods(RouteplaneConfig config) {
        this.config = config;
    }

    public String periodOf(String tenantId, Instant at) {
        Budget budget = budget(tenantId);
        BudgetPeriod period = budget == null ? BudgetPeriod.MONTHLY : budget.period();
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        return period == BudgetPeriod.DAILY
                ? day.toString()
                : YearMonth.from(day).toString();
    }

    /** The tenant's budget in micro-dollars, or null when the tenant is not configured. */
    public Long budgetMicros(String tenantId) {
        Budget budget = budget(tenantId);
        return budget == null ? null : budget.limitMicros();
    }

    private Budget budget(String tenantId) {
        Tenant tenant = config.tenants().get(tenantId);
        return tenant == null ? null : tenant.budget();
    }
}
