package dev.routeplane.learning;

import dev.routeplane.config.QualityTier;
import dev.routeplane.learning.internal.Hashing;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Picks the route with the best expected quality for its cost under a quality tier: maximises
 * {@code P(success) − λ_tier · cost / maxCost} over the options, cheaper first on ties. On a
 * configured share of requests, chosen by a hash of the request key (deterministic, so a replay makes the
 * same choice), it instead tries a candidate with too little evidence, so that new models earn traffic.
 *
 * <p>Immutable and thread-safe.
 */
public final class CostQualityChooser {

    private final ChooserConfig config;

    public CostQualityChooser(ChooserConfig config) {
        this.config = config;
    }

    /**
     * @param options eligible routes (policy and budget already applied), at least one
     * @param tier the request's quality tier
     * @param requestKey stable per request (e.g. tenantId + requestId); drives exploration only
     */
    public RouteChoice choose(List<RouteOption> options, QualityTier tier, String requestKey) {
        if (options.isEmpty()) {
            throw new IllegalArgumentException("no options to choose from for request " + requestKey);
        }
        List<RouteOption> thin = new ArrayList<>();
        double maxCost = 0;
        for (RouteOption c : options) {
            maxCost = Math.max(maxCost, c.expectedCostUsd());
            if (c.estimate().evidence() < config.minEvidence()) {
                thin.add(c);
            }
        }
        int h = Hashing.of(requestKey, (int) config.seed());
        double u = (h >>> 8) / (double) (1 << 24);
        if (!thin.isEmpty() && u < config.explorationShare()) {
            RouteOption pick = thin.get(Math.floorMod(Hashing.mix(h, 3), thin.size()));
            return new RouteChoice(
                    pick.route(),
                    true,
                    options,
                    String.format(
                            Locale.ROOT,
                            "explore %s: %d examples < %d",
                            pick.route(),
                            pick.estimate().evidence(),
                            config.minEvidence()));
        }
        double lambda = config.costWeight(tier);
        RouteOption best = null;
        RouteOption likeliest = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (RouteOption c : options) {
            double score = score(c, lambda, maxCost);
            if (score > bestScore || (score == bestScore && c.expectedCostUsd() < best.expectedCostUsd())) {
                best = c;
                bestScore = score;
            }
            if (likeliest == null
                    || c.estimate().probability() > likeliest.estimate().probability()) {
                likeliest = c;
            }
        }
        String reason = String.format(
                Locale.ROOT,
                "%s λ=%.2f: %s p=%.3f $%.6f",
                tier.name().toLowerCase(Locale.ROOT),
                lambda,
                best.route(),
                best.estimate().probability(),
                best.expectedCostUsd());
        if (likeliest != best) {
            reason += String.format(
                    Locale.ROOT,
                    " over %s p=%.3f $%.6f",
                    likeliest.route(),
                    likeliest.estimate().probability(),
                    likeliest.expectedCostUsd());
        }
        return new RouteChoice(best.route(), false, options, reason);
    }

    private static double score(RouteOption c, double lambda, double maxCost) {
        double normCost = maxCost > 0 ? c.expectedCostUsd() / maxCost : 0;
        return c.estimate().probability() - lambda * normCost;
    }
}
