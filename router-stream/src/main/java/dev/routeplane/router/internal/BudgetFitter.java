package dev.routeplane.router.internal;

import dev.routeplane.cascade.CascadePlan;
import dev.routeplane.config.Budget;
import dev.routeplane.config.LatencyClass;
import dev.routeplane.config.Tenant;
import dev.routeplane.router.BudgetLedger;
import dev.routeplane.router.CascadeChoice;
import dev.routeplane.router.EligibleRoute;
import dev.routeplane.router.RankedRoute;
import dev.routeplane.router.RouteQuery;
import dev.routeplane.router.Selection;
import dev.routeplane.schemas.Money;
import java.util.ArrayList;
import java.util.List;

/**
 * Fits a selection to the tenant's budget and reserves its worst case, before the request is routed: a cascade when
 * every stage plus the escalation fits, else the selector's first route that fits with up to {@value #MAX_FALLBACKS}
 * fallbacks that fit too; and a shadow call's worst case under its own request id. A batch request held back only by
 * other requests' outstanding reservations is told to wait ({@link Fit.Wait}) instead of failing: a 20,000-line batch
 * reserves the worst case of every request it has in flight, far above what they end up costing. Every choice it
 * makes is a line of the explanation. Immutable and thread-safe; the state is the caller's {@link BudgetLedger}.
 */
final class BudgetFitter {
    /** Fallbacks kept per decision: enough to ride out one provider outage, few enough to bound reservations. */
    static final int MAX_FALLBACKS = 3;

    /** What the budget admits of a selection. */
    sealed interface Fit {
        /**
         * Reserved: {@code primary} with {@code fallbacks}; with a {@code cascade} (else null), {@code primary} is its
         * escalation.
         */
        record Reserved(RankedRoute primary, List<RankedRoute> fallbacks, long reservedMicros, CascadeChoice cascade)
                implements Fit {}

        /** Not even the cheapest eligible route fits; {@code detail} says by how much and what to do. */
        record OverBudget(String detail) implements Fit {}

        /**
         * A batch request that does not fit only because other requests' reservations are outstanding: it fits what
         * is unspent, so it waits for them to settle rather than fail ({@code RouteRequestProcessor} parks it).
         */
        record Wait(String detail) implements Fit {}
    }

    /**
     * Reserves for {@code requestId}: its cascade when the selection has one and it fits (every stage may be billed,
     * plus the escalation), else the best ranked route that fits with its fallbacks.
     */
    Fit fit(String requestId, RouteQuery query, Selection selection, List<String> explanation, BudgetLedger ledger) {
        Tenant tenant = query.tenant();
        Budget budget = tenant.budget();
        long available = ledger.available(tenant.id(), budget, query.at());
        String period = BudgetLedger.periodOf(budget.period(), query.at());
        if (selection.cascade().isPresent()) {
            Fit cascaded = fitCascade(
                    requestId, query, selection, selection.cascade().get(), explanation, ledger, available, period);
            if (cascaded != null) {
                return cascaded;
            }
        }
        List<RankedRoute> ranked = selection.ranked();
        RankedRoute primary = null;
        for (RankedRoute r : ranked) {
            if (r.route().worstCaseMicros() <= available) {
                primary = r;
                break;
            }
        }
        if (primary == null) {
            RankedRoute cheapest = ranked.get(0);
            for (RankedRoute r : ranked) {
                if (r.route().worstCaseMicros() < cheapest.route().worstCaseMicros()) {
                    cheapest = r;
                }
            }
            if (query.latencyClass() == LatencyClass.BATCH
                    && ledger.reserving(tenant.id(), budget, query.at())
                    && cheapest.route().worstCaseMicros() <= ledger.unspent(tenant.id(), budget, query.at())) {
                return new Fit.Wait("worst case "
                        + Money.format(cheapest.route().worstCaseMicros())
                        + " fits what tenant " + tenant.id() + " has unspent but not what outstanding reservations"
                        + " leave (" + Money.format(available) + "); waiting for them to settle");
            }
            return new Fit.OverBudget("budget of tenant " + tenant.id() + " exceeded: "
                    + BudgetLedger.describe(cheapest.route().worstCaseMicros(), available, budget, period)
                    + " (cheapest eligible route "
                    + cheapest.route().candidate().label()
                    + "); lower hints.maxOutputTokens, wait for the period to reset or raise the budget");
        }
        if (primary != ranked.get(0)) {
            explanation.add("budget: preferred "
                    + ranked.get(0).route().candidate().label() + " (worst case "
                    + Money.format(ranked.get(0).route().worstCaseMicros()) + ") does not fit; chose cheaper eligible "
                    + primary.route().candidate().label());
        }
        List<RankedRoute> fallbacks = new ArrayList<>(MAX_FALLBACKS);
        long reserve = primary.route().worstCaseMicros();
        for (RankedRoute r : ranked) {
            if (r == primary || fallbacks.size() == MAX_FALLBACKS) {
                continue;
            }
            if (r.route().worstCaseMicros() <= available) {
                fallbacks.add(r);
                reserve = Math.max(reserve, r.route().worstCaseMicros());
            } else {
                explanation.add(
                        "budget: dropped fallback " + r.route().candidate().label() + " (worst case "
                                + Money.format(r.route().worstCaseMicros()) + " does not fit)");
            }
        }
        reserve(ledger, tenant, requestId, reserve, query, available);
        explanation.add("budget: reserved " + Money.format(reserve) + " (max worst case over route and "
                + fallbacks.size() + " fallbacks); " + BudgetLedger.describe(reserve, available, budget, period));
        return new Fit.Reserved(primary, fallbacks, reserve, null);
    }

    /**
     * Reserves a shadow call's worst case under its own request id when it fits the budget left; else reserves nothing
     * and returns false.
     */
    boolean fitShadow(String shadowId, RouteQuery query, EligibleRoute route, BudgetLedger ledger) {
        Tenant tenant = query.tenant();
        long available = ledger.available(tenant.id(), tenant.budget(), query.at());
        if (route.worstCaseMicros() > available) {
            return false;
        }
        reserve(ledger, tenant, shadowId, route.worstCaseMicros(), query, available);
        return true;
    }

    /**
     * Reserves for a cascade its worst case ({@link CascadePlan#worstCaseMicros}): every stage's worst case (each may
     * be called and billed) plus the largest worst case of the escalation and its fallbacks (at most one of those
     * answers). Fallbacks are the ranked routes outside the
     * cascade that fit. Returns null, with a line in the explanation, when the cascade does not fit the budget, so the
     * request is routed without it.
     */
    private Fit fitCascade(
            String requestId,
            RouteQuery query,
            Selection selection,
            CascadeChoice cascade,
            List<String> explanation,
            BudgetLedger ledger,
            long available,
            String period) {
        CascadePlan plan = cascade.plan();
        long worstCase = plan.worstCaseMicros(cascade.escalation().route().worstCaseMicros());
        // Every stage may be billed, so the request's own cost cap bounds the whole chain, not each call.
        long cap = Math.min(available, query.maxCostMicros());
        if (worstCase > cap) {
            explanation.add("budget: cascade " + cascade.id() + " (worst case " + Money.format(worstCase)
                    + ") does not fit " + (cap == available ? "the budget" : "hints.maxCostMicros")
                    + "; routing without it");
            return null;
        }
        List<RankedRoute> fallbacks = new ArrayList<>(MAX_FALLBACKS);
        long reserve = worstCase;
        for (RankedRoute r : selection.ranked()) {
            if (r == cascade.escalation() || cascade.stages().contains(r) || fallbacks.size() == MAX_FALLBACKS) {
                continue;
            }
            long withFallback = plan.worstCaseMicros(r.route().worstCaseMicros());
            if (withFallback <= cap) {
                fallbacks.add(r);
                reserve = Math.max(reserve, withFallback);
            }
        }
        Tenant tenant = query.tenant();
        reserve(ledger, tenant, requestId, reserve, query, available);
        explanation.add("budget: reserved " + Money.format(reserve) + " ("
                + cascade.stages().size()
                + " cascade stages plus the max worst case over escalation and " + fallbacks.size() + " fallbacks); "
                + BudgetLedger.describe(reserve, available, tenant.budget(), period));
        return new Fit.Reserved(cascade.escalation(), fallbacks, reserve, cascade);
    }

    private static void reserve(
            BudgetLedger ledger, Tenant tenant, String requestId, long micros, RouteQuery query, long available) {
        // Only reached when it fits: the same Streams task owns the tenant's budget, so nothing changed since.
        if (!ledger.reserve(tenant.id(), requestId, tenant.budget(), micros, query.at())) {
            throw new IllegalStateException("reservation of " + micros + " did not fit " + available);
        }
    }
}
