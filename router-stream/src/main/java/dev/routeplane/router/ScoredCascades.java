package dev.routeplane.router;

import dev.routeplane.config.QualityTier;
import java.util.EnumMap;
import java.util.Map;

/**
 * When the learned selector judges a cascade by its answers' scores ({@code ANSWER_SCORE}) rather than by agreement
 * alone, and the score a cheap answer needs to be kept under each quality tier. A higher threshold escalates more:
 * more quality for more cost. The defaults are a starting point; {@code bench routing} chooses thresholds that meet
 * each tier's cost target on a validation slice of recorded data and prints them.
 *
 * @param minEvidence a cascade is judged by scores only when every cheap stage's model has an answer scorer trained on
 *                    at least this many rated answers; otherwise by agreement
 * @param thresholds  per quality tier, in [0, 1]
 */
public record ScoredCascades(long minEvidence, Map<QualityTier, Double> thresholds) {

    public ScoredCascades {
        if (minEvidence < 0) {
            throw new IllegalArgumentException("minEvidence must be >= 0, was " + minEvidence);
        }
        thresholds = Map.copyOf(new EnumMap<>(thresholds));
        for (QualityTier tier : QualityTier.values()) {
            Double t = thresholds.get(tier);
            if (t == null || !(t >= 0 && t <= 1)) {
                throw new IllegalArgumentException("thresholds needs a value in [0,1] for " + tier + ", got " + t);
            }
        }
    }

    /** Scorers with 200 rated answers; keep at 0.70 (economy), 0.80 (standard), 0.90 (premium). */
    public static ScoredCascades ofDefaults() {
        return new ScoredCascades(
                200, Map.of(QualityTier.ECONOMY, 0.70, QualityTier.STANDARD, 0.80, QualityTier.PREMIUM, 0.90));
    }

    /** The threshold of a tier. */
    public double threshold(QualityTier tier) {
        return thresholds.get(tier);
    }

    /** These settings with other thresholds. */
    public ScoredCascades withThresholds(Map<QualityTier, Double> newThresholds) {
        return new ScoredCascades(minEvidence, newThresholds);
    }
}
