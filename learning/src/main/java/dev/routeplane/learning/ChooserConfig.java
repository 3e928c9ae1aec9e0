package dev.routeplane.learning;

import dev.routeplane.config.QualityTier;
import java.util.EnumMap;
import java.util.Map;

/**
 * Settings of {@link CostQualityChooser}.
 *
 * @param costWeights per tier, λ in {@code score = P(success) − λ · cost / (most expensive candidate's
 *     cost)}: how many points of success probability the tier gives up to avoid the most expensive route
 * @param explorationShare share of requests, in [0, 0.5], on which an under-evidenced candidate is tried
 * @param minEvidence a candidate with fewer feedback examples than this is under-evidenced
 * @param seed mixes into the request hash so that different deployments explore different requests
 */
public record ChooserConfig(
        Map<QualityTier, Double> costWeights, double explorationShare, long minEvidence, long seed) {

    public ChooserConfig {
        costWeights = Map.copyOf(new EnumMap<>(costWeights));
        for (QualityTier tier : QualityTier.values()) {
            Double w = costWeights.get(tier);
            if (w == null || !(w >= 0)) {
                throw new IllegalArgumentException("costWeights needs a value >= 0 for " + tier + ", got " + w);
            }
        }
        if (!(explorationShare >= 0 && explorationShare <= 0.5)) {
            throw new IllegalArgumentException("explorationShare must be in [0,0.5], was " + explorationShare);
        }
        if (minEvidence < 0) {
            throw new IllegalArgumentException("minEvidence must be >= 0, was " + minEvidence);
        }
    }

    /**
     * λ economy 0.30, standard 0.10, premium 0.02; 2% exploration of routes with under 200 examples.
     * Standard pays the most expensive route only when it is ≥ 10 points likelier to succeed than a free one.
     */
    public static ChooserConfig ofDefaults() {
        return new ChooserConfig(
                Map.of(QualityTier.ECONOMY, 0.30, QualityTier.STANDARD, 0.10, QualityTier.PREMIUM, 0.02),
                0.02,
                200,
                0x5EED);
    }

    /** The cost weight of a tier. */
    public double costWeight(QualityTier tier) {
        return costWeights.get(tier);
    }
}
