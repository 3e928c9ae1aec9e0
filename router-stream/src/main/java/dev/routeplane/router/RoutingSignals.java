package dev.routeplane.router;

import dev.routeplane.contract.CircuitState;
import dev.routeplane.contract.RouteStats;

/**
 * Live, eventually consistent signals from other services: provider health reported by executors and
 * route statistics from the ledger. Read-only; implementations are called from one stream thread.
 */
public interface RoutingSignals {

    /** The provider's circuit state; {@link CircuitState#CLOSED} when nothing was reported. */
    CircuitState circuit(String providerId);

    /** Latest statistics of a route, or null when the ledger has published none. */
    RouteStats routeStats(String lane, String providerId, String modelId);
}
