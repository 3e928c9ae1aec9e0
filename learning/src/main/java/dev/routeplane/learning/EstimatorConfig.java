package dev.routeplane.learning;

/**
 * Settings of {@link OnlineSuccessEstimator}.
 *
 * @param dimension feature buckets; must equal the featurizer's {@link PromptFeaturizer#dimension()}
 * @param learningRate AdaGrad base step
 * @param l2 L2 penalty per update on the touched weights
 * @param pseudoCount prior strength: the estimate is {@code (n·learned + k·prior)/(n + k)}, so a new
 *     route is not judged on its first few calls
 * @param defaultPrior quality prior of a route nobody configured
 */
public record EstimatorConfig(int dimension, double learningRate, double l2, double pseudoCount, double defaultPrior) {

    public EstimatorConfig {
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension must be > 0, was " + dimension);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate must be > 0, was " + learningRate);
        }
        if (!(l2 >= 0)) {
            throw new IllegalArgumentException("l2 must be >= 0, was " + l2);
        }
        if (!(pseudoCount >= 0)) {
            throw new IllegalArgumentException("pseudoCount must be >= 0, was " + pseudoCount);
        }
        if (!(defaultPrior > 0 && defaultPrior < 1)) {
            throw new IllegalArgumentException("defaultPrior must be in (0,1), was " + defaultPrior);
        }
    }

    /**
     * 2^18 buckets, step 0.03 (lowest progressive-validation log loss on replayed feedback of 0.01..0.3),
     * l2 1e-6, pseudo-count 20, default prior 0.5.
     */
    public static EstimatorConfig ofDefaults() {
        return new EstimatorConfig(1 << 18, 0.03, 1e-6, 20, 0.5);
    }

    /** The same settings with another dimension. */
    public EstimatorConfig withDimension(int newDimension) {
        return new EstimatorConfig(newDimension, learningRate, l2, pseudoCount, defaultPrior);
    }
}
