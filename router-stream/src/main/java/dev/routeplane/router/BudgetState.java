package dev.routeplane.router;

import java.util.Objects;

/**
 * A tenant's budget position in one period, as owned by the router.
 *
 * @param period            {@code yyyy-MM} (monthly) or {@code yyyy-MM-dd} (daily), UTC
 * @param reservedMicros    worst-case costs reserved for routed requests without a terminal result yet
 * @param settledMicros     actual costs of the terminal results seen in this period
 * @param ledgerSpentMicros latest spend the ledger published for this period
 */
public record BudgetState(String period, long reservedMicros, long settledMicros, long ledgerSpentMicros) {

    public BudgetState {
        Objects.requireNonNull(period, "period");
    }

    /** A fresh period with nothing reserved or spent. */
    public static BudgetState empty(String period) {
        return new BudgetState(period, 0, 0, 0);
    }

    /**
     * Spend counted against the limit: the larger of what the router settled and what the ledger reports,
     * because either may lag the other and overcounting is the safe side.
     */
    public long spentMicros() {
        return Math.max(settledMicros, ledgerSpentMicros);
    }
}
