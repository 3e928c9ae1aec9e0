package dev.routeplane.router;

import dev.routeplane.contract.SuccessModelSnapshot;
import dev.routeplane.learning.PromptFeaturizer;
import java.util.List;
import java.util.Optional;

/**
 * Ranks the routes policy left eligible. The rule-and-statistics implementation is
 * {@code StatsAwareSelector}; {@link LearnedSelector} ranks by per-prompt success estimates; either is chosen
 * through {@link RouterTopologyConfig}.
 *
 * <p>Contract: thread-safe, no I/O, deterministic for the same inputs (choices that look random, like
 * exploration, derive from the request id and a seed), never returns fewer routes than it was given.
 */
public interface RouteSelector {

    /**
     * @param query    the classified request
     * @param lane     the lane name (route statistics are per lane)
     * @param eligible at least one eligible route, in lane order
     * @param signals  live route statistics and health
     */
    Selection select(RouteQuery query, String lane, List<EligibleRoute> eligible, RoutingSignals signals);

    /**
     * The featurizer whose vector of the prompt this selector needs in {@link RouteQuery#promptVector()}; empty
     * (the default) when it ranks on classifier features alone, and then no vector is computed.
     */
    default Optional<PromptFeaturizer> promptFeaturizer() {
        return Optional.empty();
    }

    /**
     * Receives a learned success model published on {@code rp.success-models.v1}, on start for every stored one
     * and then for each update. Called from the router's global-store thread (a single thread) while stream
     * threads call {@link #select}; implementations that keep the model must make that safe. The default ignores it.
     */
    default void onSuccessModel(SuccessModelSnapshot snapshot) {}
}
