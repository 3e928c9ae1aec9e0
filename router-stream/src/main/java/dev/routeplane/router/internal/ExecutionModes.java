package dev.routeplane.router.internal;

import dev.routeplane.config.LatencyClass;
import dev.routeplane.config.ModelPrice;
import dev.routeplane.config.PriceBook;
import dev.routeplane.config.PriceNotFoundException;
import dev.routeplane.config.ProviderBatchApi;
import dev.routeplane.contract.ExecutionMode;
import dev.routeplane.contract.RoutingDecision;
import dev.routeplane.router.Candidate;
import dev.routeplane.router.EligibleRoute;
import dev.routeplane.router.RouteQuery;
import dev.routeplane.schemas.Money;
import java.util.Optional;

/**
 * Chooses how a routed request is executed: synchronous calls, or one line of a provider batch through the primary
 * route's provider's own batch API at the model's batch price. Provider-batch needs all of: batch work (latency class
 * {@code BATCH}; interactive and background requests are never provider-batch), no cascade (its stages judge each
 * other's answers one after another), a tenant that allows it ({@code tenants.<id>.providerBatch}), a provider with a
 * {@code batchApi}, a deadline that leaves the provider's turnaround, and a batch price in force below the list price.
 * Immutable and thread-safe.
 */
final class ExecutionModes {
    private final PriceBook prices;

    ExecutionModes(PriceBook prices) {
        this.prices = prices;
    }

    /**
     * The mode and why; for provider-batch also the worst case at the batch price, which is what the request reserves.
     *
     * @param batchWorstCaseMicros for {@link ExecutionMode#PROVIDER_BATCH} only, else 0
     */
    record Choice(ExecutionMode mode, String reason, long batchWorstCaseMicros) {}

    Choice choose(RouteQuery query, EligibleRoute primary, RoutingDecision decision) {
        if (query.latencyClass() != LatencyClass.BATCH) {
            return new Choice(ExecutionMode.SYNCHRONOUS, null, 0);
        }
        Candidate c = primary.candidate();
        String tenant = query.tenant().id();
        if (decision.getCascade() != null) {
            return sync("a cascade runs its stages one after another");
        }
        if (!query.tenant().providerBatch()) {
            return sync("tenant " + tenant + " does not allow provider batches (tenants." + tenant + ".providerBatch)");
        }
        Optional<ProviderBatchApi> api = c.provider().batchApi();
        if (api.isEmpty()) {
            return sync("provider " + c.provider().id() + " has no batchApi");
        }
        long deadline = decision.getBudgets().getDeadlineMs();
        long turnaround = api.get().turnaroundMs();
        if (deadline < turnaround) {
            return sync("deadline " + deadline + " ms is shorter than "
                    + c.provider().id() + "'s batch turnaround " + turnaround + " ms");
        }
        ModelPrice price;
        try {
            price = prices.priceAt(c.model().id(), query.at());
        } catch (PriceNotFoundException e) {
            return sync("no price in force for " + c.model().id());
        }
        long batchWorst = Money.costMicros(
                query.features().inputTokens(),
                primary.maxOutputTokens(),
                price.batchInputMicrosPerMillion(),
                price.batchOutputMicrosPerMillion());
        if (batchWorst >= primary.worstCaseMicros()) {
            return sync("batch price of " + c.model().id() + " is not below its list price");
        }
        return new Choice(
                ExecutionMode.PROVIDER_BATCH,
                "provider-batch: deadline " + deadline + " ms leaves "
                        + c.provider().id() + "'s turnaround "
                        + turnaround + " ms; worst case " + Money.format(batchWorst) + " at the batch price vs "
                        + Money.format(primary.worstCaseMicros()) + " synchronous",
                batchWorst);
    }

    private static Choice sync(String why) {
        return new Choice(ExecutionMode.SYNCHRONOUS, "synchronous: " + why, 0);
    }
}
