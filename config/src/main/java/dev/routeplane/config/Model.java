package dev.routeplane.config;

import dev.routeplane.config.internal.Copies;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A routable model (the {@code models:} section).
 *
 * @param id              Routeplane's name for it, {@code [a-z0-9-]+}; used in lanes, aliases, metrics, ledger
 * @param provider        id of the provider serving it
 * @param providerModel   the model id sent on the wire, e.g. {@code gpt-4o-2024-08-06}
 * @param version         the provider's version or snapshot label, e.g. {@code 2024-08-06}
 * @param contextWindow   tokens of input plus output the model accepts
 * @param maxOutputTokens most output tokens per call, ≤ contextWindow
 * @param capabilities    what it can do beyond chat
 * @param tier            its class
 * @param qualityPrior    0..1, the quality estimate used until route statistics have enough evidence
 * @param latencyPriorMs  typical latency used until route statistics have enough evidence
 * @param prices          price history, effective dates strictly increasing, at least one entry
 */
public record Model(
        String id,
        String provider,
        String providerModel,
        String version,
        int contextWindow,
        int maxOutputTokens,
        Set<Capability> capabilities,
        ModelTier tier,
        double qualityPrior,
        long latencyPriorMs,
        List<ModelPrice> prices) {

    public Model {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(providerModel, "providerModel");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(tier, "tier");
        capabilities = Copies.orderedSet(capabilities);
        prices = Copies.list(prices);
    }

    /** True if the model has {@code capability}. */
    public boolean has(Capability capability) {
        return capabilities.contains(capability);
    }
}
