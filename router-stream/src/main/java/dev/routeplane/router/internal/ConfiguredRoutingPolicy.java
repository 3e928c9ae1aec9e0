package dev.routeplane.router.internal;

import dev.routeplane.config.Capability;
import dev.routeplane.config.DataClass;
import dev.routeplane.config.DataClassRule;
import dev.routeplane.config.Model;
import dev.routeplane.config.ModelPrice;
import dev.routeplane.config.PolicyTag;
import dev.routeplane.config.PriceBook;
import dev.routeplane.config.PriceNotFoundException;
import dev.routeplane.config.Provider;
import dev.routeplane.config.Tenant;
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

/**
 * The policy of routeplane.yaml, evaluated per candidate in a fixed order so "the constraint that removed the
 * last candidate" is well defined: capability, allowedProviders, allowedRegions, policy tags, data-class rules
 * (of the request's class and every less sensitive one),
 * price, the caller's cost ceiling, provider health. Tag and rule semantics are delegated to
 * {@link PolicyTag#admits} and {@link DataClassRule#admits}, the same methods the executor re-check uses.
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

    private static final DataClass[] DATA_CLASSES = DataClass.values();

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
        if (!tenant.allowedProviders().isEmpty() && !tenant.allowedProviders().contains(provider.id())) {
            return new Removal(
                    c,
                    ALLOWED_PROVIDERS,
                    "allowedProviders",
                    "provider " + provider.id() + " not in " + tenant.allowedProviders());
        }
        if (!tenant.allowedRegions().isEmpty() && !tenant.allowedRegions().contains(provider.region())) {
            return new Removal(
                    c,
                    ALLOWED_REGIONS,
                    "allowedRegions",
                    "region " + provider.region() + " not in " + tenant.allowedRegions());
        }
        for (PolicyTag tag : query.tags()) {
            if (!tag.admits(provider)) {
                return new Removal(c, TAGS, "tag " + tag.configName(), tagReason(tag, provider));
            }
        }
        // More sensitive data inherits the restrictions of every less sensitive class: a REGULATED request must
        // not reach a provider the tenant forbids for CONFIDENTIAL data.
        for (DataClass dc : DATA_CLASSES) {
            if (dc.ordinal() > query.features().dataClass().ordinal()) {
                break;
            }
            DataClassRule rule = tenant.dataClassRules().get(dc);
            if (rule != null && !rule.admits(provider)) {
                return new Removal(
                        c, DATA_CLASS_RULES, "dataClassRules[" + dc.configName() + "]", ruleReason(rule, provider));
            }
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

    private static String tagReason(PolicyTag tag, Provider provider) {
        return switch (tag) {
            case EU_DATA_RESIDENCY ->
                "region " + provider.region() + ", sovereignty "
                        + provider.sovereignty().configName() + " is not EU";
            case NO_TRAINING_ON_DATA -> "provider " + provider.id() + " trains on data";
        };
    }

    private static String ruleReason(DataClassRule rule, Provider provider) {
        if (!rule.allowedSovereignty().isEmpty() && !rule.allowedSovereignty().contains(provider.sovereignty())) {
            List<String> allowed =
                    rule.allowedSovereignty().stream().map(s -> s.configName()).toList();
            return "sovereignty " + provider.sovereignty().configName() + " not in " + allowed;
        }
        if (rule.requireNoTraining() && provider.trainsOnData()) {
            return "requires no training, provider " + provider.id() + " trains on data";
        }
        return "provider " + provider.id() + " not in " + rule.allowedProviders();
    }
}
