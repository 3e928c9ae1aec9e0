package dev.routeplane.learning;

import java.util.Objects;

/**
 * The settings the learner (which trains answer scorers) and the executors (which judge cascades with them) must
 * share: a scorer's weights only mean something under the featurizer that produced them.
 *
 * @param featureBits log2 of the hashed feature buckets
 * @param maxChars    characters of a prompt or an answer featurized at most (head and tail halves)
 * @param estimator   the per-model logistic regression; its dimension is {@code 2^featureBits}
 */
public record AnswerScoring(int featureBits, int maxChars, EstimatorConfig estimator) {

    public AnswerScoring {
        Objects.requireNonNull(estimator, "estimator");
        if (estimator.dimension() != 1 << featureBits) {
            throw new IllegalArgumentException("estimator dimension " + estimator.dimension() + " must equal 2^"
                    + featureBits + " feature buckets");
        }
    }

    /**
     * 2^16 buckets (a model's snapshot stays below Kafka's 1 MB record limit), 4,096 characters of prompt and of
     * answer, AdaGrad step 0.1 (answer features are sparser than prompt features, and a scorer sees every model's
     * answers once, so it needs the larger step to learn in one pass), l2 1e-6, a pseudo-count of 20 towards an even
     * prior.
     */
    public static AnswerScoring ofDefaults() {
        return new AnswerScoring(16, 4096, new EstimatorConfig(1 << 16, 0.1, 1e-6, 20, 0.5));
    }

    /** A featurizer of these settings (immutable and thread-safe: one may be shared). */
    public AnswerFeaturizer featurizer() {
        return new AnswerFeaturizer(featureBits, maxChars);
    }

    /** Names the featurizer in snapshots. */
    public String featurizerId() {
        return featurizer().id();
    }
}
