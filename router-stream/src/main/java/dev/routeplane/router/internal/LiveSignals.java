package dev.routeplane.router.internal;

import dev.routeplane.contract.AliasBinding;
import dev.routeplane.contract.CircuitState;
import dev.routeplane.contract.ProviderHealth;
import dev.routeplane.contract.RouteStats;
import dev.routeplane.router.RoutingSignals;

/** Health, route statistics and alias bindings read from the router's global stores. One per stream task. */
final class LiveSignals implements RoutingSignals {
    private final CachedDecoder<ProviderHealth> health;
    private final CachedDecoder<RouteStats> stats;
    private final CachedDecoder<AliasBinding> aliases;
    private final StringBuilder key = new StringBuilder(64);

    LiveSignals(
            CachedDecoder<ProviderHealth> health,
            CachedDecoder<RouteStats> stats,
            CachedDecoder<AliasBinding> aliases) {
        this.health = health;
        this.stats = stats;
        this.aliases = aliases;
    }

    @Override
    public CircuitState circuit(String providerId) {
        ProviderHealth h = health.get(providerId);
        return h == null ? CircuitState.CLOSED : h.getCircuitState();
    }

    @Override
    public RouteStats routeStats(String lane, String providerId, String modelId) {
        key.setLength(0);
        return stats.get(key.append(lane)
                .append('|')
                .append(providerId)
                .append('|')
                .append(modelId)
                .toString());
    }

    /** The live binding of {@code alias}, or null when rp.aliases.v1 has none (the config binding applies). */
    AliasBinding alias(String alias) {
        return aliases.get(alias);
    }
}
