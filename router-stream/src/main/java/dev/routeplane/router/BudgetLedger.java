package dev.routeplane.router;

import dev.routeplane.config.Budget;
import dev.routeplane.config.BudgetPeriod;
import dev.routeplane.schemas.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Budget reservation: reserve a request's worst-case cost before it is routed, release it when its terminal
 * result arrives (adding the actual cost), and take the ledger's published spend into account.
 *
 * <p>{@code available = limit − max(settled, ledgerSpent) − reserved}. A reservation is only made when it fits,
 * so reserved plus spent never exceeds the limit as long as actual costs stay within the worst cases.
 *
 * <p>Not thread-safe by design: one instance per Streams task, and a tenant's records all reach the same task.
 * Periods are UTC calendar days or months; state from an earlier period is reset when a request, result or
 * ledger update arrives in a newer one.
 */
public final class BudgetLedger {
    private final BudgetStore store;

    public BudgetLedger(BudgetStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** The period key of {@code at}: {@code yyyy-MM} for monthly budgets, {@code yyyy-MM-dd} for daily ones. */
    public static String periodOf(BudgetPeriod period, Instant at) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        String month = day.getYear() + "-" + twoDigits(day.getMonthValue());
        return period == BudgetPeriod.MONTHLY ? month : month + "-" + twoDigits(day.getDayOfMonth());
    }

    /** The tenant's state in the period of {@code at} (fresh if the stored one is older). */
    public BudgetState current(String tenantId, Budget budget, Instant at) {
        String period = periodOf(budget.period(), at);
        BudgetState state = store.state(tenantId);
        return state == null || !state.period().equals(period) ? BudgetState.empty(period) : state;
    }

    /** Micros that may still be reserved in the period of {@code at}; never negative. */
    public long available(String tenantId, Budget budget, Instant at) {
        return available(budget, current(tenantId, budget, at));
    }

    /**
     * Micros the period has left once every outstanding reservation is settled at no cost: what is not yet spent. A
     * request whose worst case fits this but not {@link #available} is held back only by reservations, which settle as
     * their requests finish (usually far below their worst case).
     */
    public long unspent(String tenantId, Budget budget, Instant at) {
        return Math.max(0, budget.limitMicros() - current(tenantId, budget, at).spentMicros());
    }

    /** Whether the tenant has reservations outstanding in the period of {@code at}. */
    public boolean reserving(String tenantId, Budget budget, Instant at) {
        return current(tenantId, budget, at).reservedMicros() > 0;
    }

    /** The one arithmetic of what may be reserved: limit minus spend minus reservations, never negative. */
    private static long available(Budget budget, BudgetState state) {
        return Math.max(0, budget.limitMicros() - state.spentMicros() - state.reservedMicros());
    }

    /**
     * Reserves {@code micros} for a request.
     *
     * @return false, reserving nothing, when it does not fit
     */
    public boolean reserve(String tenantId, String requestId, Budget budget, long micros, Instant at) {
        BudgetState state = current(tenantId, budget, at);
        if (micros < 0 || micros > available(budget, state)) {
            return false;
        }
        store.putState(
                tenantId,
                new BudgetState(
                        state.period(),
                        state.reservedMicros() + micros,
                        state.settledMicros(),
                        state.ledgerSpentMicros()));
        store.putReservation(reservationKey(tenantId, requestId), new Reservation(state.period(), micros));
        return true;
    }

    /**
     * Releases a request's reservation and counts its actual cost. A result without a reservation (a rejection
     * the router itself produced, or a replay) only adds its cost; a reservation from an earlier period is
     * dropped, since that period's reserved total was already reset.
     */
    public void settle(String tenantId, String requestId, Budget budget, long actualCostMicros, Instant at) {
        Reservation reservation = store.reservation(reservationKey(tenantId, requestId), true);
        BudgetState state = current(tenantId, budget, at);
        long reserved = state.reservedMicros();
        if (reservation != null && reservation.period().equals(state.period())) {
            reserved = Math.max(0, reserved - reservation.micros());
        }
        if (reservation == null && actualCostMicros == 0) {
            return; // nothing to record; avoids a store write per router-made rejection result
        }
        store.putState(
                tenantId,
                new BudgetState(
                        state.period(),
                        reserved,
                        state.settledMicros() + Math.max(0, actualCostMicros),
                        state.ledgerSpentMicros()));
    }

    /** Applies the ledger's spend for {@code period}; ignored unless it is the tenant's current period. */
    public void applyLedgerSpend(String tenantId, Budget budget, String period, long spentMicros, Instant at) {
        BudgetState state = current(tenantId, budget, at);
        if (!state.period().equals(period)) {
            return;
        }
        store.putState(
                tenantId,
                new BudgetState(
                        state.period(), state.reservedMicros(), state.settledMicros(), Math.max(0, spentMicros)));
    }

    /** {@code worst case $x, available $y of $z for period p}, the budget part of explanations. */
    public static String describe(long worstCaseMicros, long availableMicros, Budget budget, String period) {
        return "worst case " + Money.format(worstCaseMicros) + ", available " + Money.format(availableMicros) + " of "
                + Money.format(budget.limitMicros()) + " for " + budget.period().configName() + " period " + period;
    }

    /** Key of a request's reservation: tenant and request id, which together are unique. */
    public static String reservationKey(String tenantId, String requestId) {
        return tenantId + '\u0000' + requestId;
    }

    private static String twoDigits(int value) {
        return value < 10 ? "0" + value : Integer.toString(value);
    }
}
