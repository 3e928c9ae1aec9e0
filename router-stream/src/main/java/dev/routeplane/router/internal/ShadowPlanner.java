package dev.routeplane.router.internal;

import dev.routeplane.config.Lane;
import dev.routeplane.config.Shadow;
import dev.routeplane.contract.DecisionBudgets;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.router.BudgetLedger;
import dev.routeplane.router.Candidate;
import dev.routeplane.router.EligibleRoute;
import dev.routeplane.router.PolicyOutcome;
import dev.routeplane.router.RouteQuery;
import dev.routeplane.router.RoutingPolicy;
import dev.routeplane.router.Shadows;
import dev.routeplane.schemas.Money;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A lane's shadow call for a routed request: which requests are shadowed ({@link Shadows#sampled}, never a pinned
 * one), and whether the shadow model may run: it must resolve, not already be a route of the request, pass the
 * request's policy, fit the request's own cost cap together with the request's reservation, and fit the budget left,
 * reserved under the shadow's own request id ({@link BudgetFitter}). It
 * then gets a decision of its own (no fallbacks, no cascade). Either way the primary decision's explanation says what
 * happened. Immutable and thread-safe.
 */
final class ShadowPlanner {
    /** The primary decision, its explanation completed, and the shadow call's decision or null. */
    record Planned(RoutingDecision primary, RoutingDecision shadow) {}

    private final RoutingTables tables;
    private final RoutingPolicy policy;
    private final BudgetFitter budget;

    ShadowPlanner(RoutingTables tables, RoutingPolicy policy, BudgetFitter budget) {
        this.tables = tables;
        this.policy = policy;
        this.budget = budget;
    }

    /** True when {@code lane} shadows this request: a share of its requests, sampled by id, never pinned ones. */
    static boolean shadows(Lane lane, String requestId, boolean pinned) {
        return lane.shadow().isPresent()
                && !pinned
                && Shadows.sampled(requestId, lane.shadow().get().share());
    }

    /** Plans the lane's {@code shadow} call for the request decided by {@code primary}. */
    Planned plan(RouteQuery query, Shadow shadow, RoutingDecision primary, LiveSignals live, BudgetLedger ledger) {
        String requestId = primary.getRequestId();
        List<String> explanation = new ArrayList<>(primary.getExplanation());
        Candidate c = tables.resolve(shadow.model(), 0, requestId, live, explanation);
        RoutingDecision shadowDecision = null;
        if (c == null) {
            explanation.add("shadow: " + shadow.model() + " resolves to no configured model; not shadowed");
        } else if (routedModels(primary).contains(c.model().id())) {
            explanation.add("shadow: " + c.label() + " is already a route of this request; not shadowed");
        } else {
            PolicyOutcome allowed = policy.filter(query, List.of(c), live);
            String shadowId = Shadows.requestId(requestId);
            if (allowed.eligible().isEmpty()) {
                explanation.add("shadow: " + c.label() + " not called, removed by "
                        + allowed.removals().get(0).describe());
            } else if (primary.getBudgets().getReservedCostMicros()
                            + allowed.eligible().get(0).worstCaseMicros()
                    > query.maxCostMicros()) {
                // The shadow is billed to the request's tenant: with the request's own reservation it must stay
                // within the caller's cost cap, not only each call on its own.
                explanation.add("shadow: " + c.label() + " not called, its worst case "
                        + Money.format(allowed.eligible().get(0).worstCaseMicros()) + " on top of the "
                        + Money.format(primary.getBudgets().getReservedCostMicros())
                        + " reserved for the request does not fit hints.maxCostMicros "
                        + Money.format(query.maxCostMicros()));
            } else if (!budget.fitShadow(shadowId, query, allowed.eligible().get(0), ledger)) {
                explanation.add("shadow: " + c.label() + " not called, its worst case "
                        + Money.format(allowed.eligible().get(0).worstCaseMicros()) + " does not fit the budget left");
            } else {
                EligibleRoute route = allowed.eligible().get(0);
                explanation.add("shadow: also called on " + c.label() + " as " + shadowId + " (share " + shadow.share()
                        + "; reserved " + Money.format(route.worstCaseMicros())
                        + "; its result is billed and scored on the "
                        + "shadow results topic, never returned)");
                shadowDecision = RoutingDecision.newBuilder(primary)
                        .setRequestId(shadowId)
                        .setRoute(DecisionAssembler.route(c))
                        .setFallbacks(List.of())
                        .setCascade(null)
                        .setBudgets(DecisionBudgets.newBuilder(primary.getBudgets())
                                .setMaxOutputTokens(route.maxOutputTokens())
                                .setReservedCostMicros(route.worstCaseMicros())
                                .build())
                        .setExplanation(List.of("shadow of request " + requestId + " on " + c.label()
                                + ": the lane shadows a share of " + shadow.share() + " of its requests"))
                        .build();
            }
        }
        return new Planned(
                RoutingDecision.newBuilder(primary).setExplanation(explanation).build(), shadowDecision);
    }

    /** The models a decision may call: its route and, for a cascade, every stage and the escalation. */
    private static Set<String> routedModels(RoutingDecision d) {
        Set<String> models = new HashSet<>();
        models.add(d.getRoute().getModel());
        if (d.getCascade() != null) {
            d.getCascade().getStages().forEach(r -> models.add(r.getModel()));
            models.add(d.getCascade().getEscalation().getModel());
        }
        return models;
    }
}
