package dev.routeplane.router.internal;

import dev.routeplane.config.Capability;
import dev.routeplane.config.Model;
import dev.routeplane.config.ModelPrice;
import dev.routeplane.config.PriceBook;
import dev.routeplane.config.PriceNotFoundException;
import dev.routeplane.config.Provider;
import dev.routeplane.config.Tenant;
import dev.routeplane.config.TenantPolicy;
import dev.routeplane.contract.CircuitState;
import dev.routeplane.router.Candidate;
import dev.routeplane.router.EligibleRoute;
import dev.routeplane.router.PolicyOutcome;
import dev.routeplane.router.Removal;
import dev.routeplane.router.RouteQuery;
import dev.routeplane.router.RoutingPolicy;
import dev.routeplane.router.RoutingSignals;
import dev.routeplane.schemas.Money;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The policy of routeplane.yaml, evaluated per candidate in a fixed order so "the constraint that removed the
 * last candidate" is well defined: capability, then tenant policy ({@link TenantPolicy}: allowedProviders,
 * allowedRegions, policy tags, data-class rules of the request's class and every less sensitive one, the one
 * definition the executor's re-check uses too), price, the caller's cost ceiling, provider health.
 */
public final class ConfiguredRoutingPolicy implements RoutingPolicy {
    static final int CAPABILITY = 0;
    static final int ALLOWED_PROVIDERS = 1;
    static final int ALLOWED_REGIONS = 2;
    static final int TAGS = 3;
    static final int DATA_CLASS_RULES = 4;
    static final int PRICE = 5;
    static final int MAX_COST = 6;
    static final int HEALTH = 7;

    private final PriceBook prices;

    public ConfiguredRoutingPolicy(PriceBook prices) {
        this.prices = prices;
    }

    @Override
    public PolicyOutcome filter(RouteQuery query, List<Candidate> candidates, RoutingSignals signals) {
        List<EligibleRoute> eligible = new ArrayList<>(candidates.size());
        List<Removal> removals = new ArrayList<>();
        for (Candidate candidate : candidates) {
            Object verdict = check(query, candidate, signals);
            if (verdict instanceof EligibleRoute route) {
                eligible.add(route);
            } else {
                removals.add((Removal) verdict);
            }
        }
        return new PolicyOutcome(eligible, removals);
    }

    /** An {@link EligibleRoute} or the {@link Removal} that stopped the candidate. */
    private Object check(RouteQuery query, Candidate c, RoutingSignals signals) {
        Model model = c.model();
        Provider provider = c.provider();
        Tenant tenant = query.tenant();
        int maxOut = Math.min(query.outputCap(), model.maxOutputTokens());
        int inputTokens = query.features().inputTokens();

        long needed = (long) inputTokens + maxOut;
        if (needed > model.contextWindow()) {
            return new Removal(
                    c,
                    CAPABILITY,
                    "capability.contextWindow",
                    "needs " + inputTokens + " input + " + maxOut + " output tokens, window " + model.contextWindow());
        }
        if (query.features().needsTools() && !model.has(Capability.TOOLS)) {
            return new Removal(c, CAPABILITY, "capability.tools", "model has no tool calling");
        }
        if (query.features().needsJson() && !model.has(Capability.JSON)) {
            return new Removal(c, CAPABILITY, "capability.json", "model has no JSON mode");
        }
        if (query.features().needsVision() && !model.has(Capability.VISION)) {
            return new Removal(c, CAPABILITY, "capability.vision", "model has no image input");
        }
        Optional<TenantPolicy.Refusal> refusal =
                TenantPolicy.refusal(tenant, query.tags(), query.features().dataClass(), provider);
        if (refusal.isPresent()) {
            TenantPolicy.Refusal r = refusal.get();
            return new Removal(c, constraint(r.rule()), r.path(), r.reason());
        }
        ModelPrice price;
        try {
            price = prices.priceAt(model.id(), query.at());
        } catch (PriceNotFoundException e) {
            return new Removal(c, PRICE, "priceBook", "no price in force at " + query.at());
        }
        long worstCase =
                Money.costMicros(inputTokens, maxOut, price.inputMicrosPerMillion(), price.outputMicrosPerMillion());
        if (worstCase > query.maxCostMicros()) {
            return new Removal(
                    c,
                    MAX_COST,
                    "hints.maxCostMicros",
                    "worst case " + Money.format(worstCase) + " above ceiling " + Money.format(query.maxCostMicros()));
        }
        CircuitState circuit = signals.circuit(provider.id());
        if (circuit == CircuitState.OPEN) {
            return new Removal(c, HEALTH, "providerHealth", "circuit OPEN");
        }
        return new EligibleRoute(
                c,
                maxOut,
                price.inputMicrosPerMillion(),
                price.outputMicrosPerMillion(),
                worstCase,
                circuit == CircuitState.HALF_OPEN);
    }

    /** Removal constraints number the policy rules in the order {@link TenantPolicy} applies them. */
    private static int constraint(TenantPolicy.Rule rule) {
        return switch (rule) {
            case ALLOWED_PROVIDERS -> ALLOWED_PROVIDERS;
            case ALLOWED_REGIONS -> ALLOWED_REGIONS;
            case TAG -> TAGS;
            case DATA_CLASS_RULE -> DATA_CLASS_RULES;
        };
    }
}
