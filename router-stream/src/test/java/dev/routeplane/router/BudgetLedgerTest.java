package dev.routeplane.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.routeplane.config.Budget;
import dev.routeplane.config.BudgetPeriod;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BudgetLedgerTest {
    static final Instant NOV_3 = Instant.parse("2026-11-03T10:00:00Z");
    static final Budget MONTHLY_100 = new Budget(BudgetPeriod.MONTHLY, 100);

    final MapStore store = new MapStore();
    final BudgetLedger ledger = new BudgetLedger(store);

    @Test
    void reservesOnlyWhatFitsAndSettlingReleasesTheReservationAndCountsTheActualCost() {
        assertThat(ledger.reserve("t", "a", MONTHLY_100, 60, NOV_3)).isTrue();
        assertThat(ledger.reserve("t", "b", MONTHLY_100, 41, NOV_3)).isFalse();
        assertThat(ledger.available("t", MONTHLY_100, NOV_3)).isEqualTo(40);

        ledger.settle("t", "a", MONTHLY_100, 25, NOV_3);

        assertThat(ledger.available("t", MONTHLY_100, NOV_3)).isEqualTo(75);
        assertThat(store.reservations).isEmpty();
        assertThat(ledger.current("t", MONTHLY_100, NOV_3)).isEqualTo(new BudgetState("2026-11", 0, 25, 0));
    }

    @Test
    void overspentByCostsAboveTheirReservationsAvailableAndReserveAgree() {
        // Issue 13 item 7: costs settled above their reservations push spent + reserved past the limit. available()
        // said 0 and a $0 route "fitted", but reserve() computed a negative remainder and refused it, and the router
        // threw IllegalStateException (an INTERNAL_ERROR, HTTP 500, where a budget answer belongs).
        ledger.reserve("t", "a", MONTHLY_100, 60, NOV_3);
        ledger.reserve("t", "b", MONTHLY_100, 30, NOV_3);
        ledger.settle("t", "a", MONTHLY_100, 95, NOV_3); // billed above its reservation

        assertThat(ledger.available("t", MONTHLY_100, NOV_3)).isZero();
        assertThat(ledger.reserve("t", "free", MONTHLY_100, 0, NOV_3))
                .as("what available() admits, reserve() reserves")
                .isTrue();
        assertThat(ledger.reserve("t", "c", MONTHLY_100, 1, NOV_3)).isFalse();
    }

    @Test
    void theLargerOfSettledAndLedgerSpendCounts() {
        ledger.reserve("t", "a", MONTHLY_100, 10, NOV_3);
        ledger.applyLedgerSpend("t", MONTHLY_100, "2026-11", 50, NOV_3);
        assertThat(ledger.available("t", MONTHLY_100, NOV_3)).isEqualTo(40);

        ledger.applyLedgerSpend("t", MONTHLY_100, "2026-10", 99, NOV_3);
        assertThat(ledger.available("t", MONTHLY_100, NOV_3)).isEqualTo(40);
    }

    @Test
    void aNewPeriodStartsEmptyAndAnOldReservationDoesNotReduceIt() {
        ledger.reserve("t", "a", MONTHLY_100, 90, NOV_3);
        Instant dec1 = Instant.parse("2026-12-01T00:00:00Z");

        assertThat(ledger.available("t", MONTHLY_100, dec1)).isEqualTo(100);
        ledger.reserve("t", "b", MONTHLY_100, 30, dec1);
        ledger.settle("t", "a", MONTHLY_100, 0, dec1);
        assertThat(ledger.available("t", MONTHLY_100, dec1)).isEqualTo(70);
    }

    @Test
    void spendSettledAboveItsReservationNeverMakesAFreeRouteUnreservable() {
        // given costs settled above their reservations push spend past the limit (a content-filter fallback)
        ledger.reserve("t", "a", MONTHLY_100, 90, NOV_3);
        ledger.settle("t", "a", MONTHLY_100, 120, NOV_3);

        // then nothing is available, yet a free route still reserves (the arithmetic is the same for both)
        assertThat(ledger.available("t", MONTHLY_100, NOV_3)).isZero();
        assertThat(ledger.reserve("t", "b", MONTHLY_100, 0, NOV_3)).isTrue();
        assertThat(ledger.reserve("t", "c", MONTHLY_100, 1, NOV_3)).isFalse();
    }

    @Test
    void whatIsUnspentIgnoresReservationsThatHaveNotSettled() {
        ledger.reserve("t", "a", MONTHLY_100, 70, NOV_3);
        ledger.settle("t", "x", MONTHLY_100, 20, NOV_3);

        assertThat(ledger.available("t", MONTHLY_100, NOV_3)).isEqualTo(10);
        assertThat(ledger.unspent("t", MONTHLY_100, NOV_3)).isEqualTo(80);
        assertThat(ledger.reserving("t", MONTHLY_100, NOV_3)).isTrue();
        ledger.settle("t", "a", MONTHLY_100, 5, NOV_3);
        assertThat(ledger.reserving("t", MONTHLY_100, NOV_3)).isFalse();
    }

    @Test
    void dailyPeriodsAreUtcDays() {
        assertThat(BudgetLedger.periodOf(BudgetPeriod.DAILY, Instant.parse("2026-01-09T23:59:59Z")))
                .isEqualTo("2026-01-09");
        assertThat(BudgetLedger.periodOf(BudgetPeriod.MONTHLY, Instant.parse("2026-01-09T23:59:59Z")))
                .isEqualTo("2026-01");
    }

    static final class MapStore implements BudgetStore {
        final Map<String, BudgetState> states = new HashMap<>();
        final Map<String, Reservation> reservations = new HashMap<>();

        @Override
        public BudgetState state(String tenantId) {
            return states.get(tenantId);
        }

        @Override
        public void putState(String tenantId, BudgetState state) {
            states.put(tenantId, state);
        }

        @Override
        public Reservation reservation(String key, boolean remove) {
            return remove ? reservations.remove(key) : reservations.get(key);
        }

        @Override
        public void putReservation(String key, Reservation reservation) {
            reservations.put(key, reservation);
        }
    }
}
