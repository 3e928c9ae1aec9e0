package dev.routeplane.router;

import dev.routeplane.config.Model;
import dev.routeplane.config.RouteplaneConfig;
import dev.routeplane.learning.AnswerScoring;
import dev.routeplane.learning.ChooserConfig;
import dev.routeplane.learning.EstimatorConfig;
import dev.routeplane.learning.HashingPromptFeaturizer;
import dev.routeplane.learning.OnlineSuccessEstimator;
import java.util.Locale;
import java.util.Objects;

/**
 * The settings that the learner and every router must share for learned routing: the prompt featurizer (a
 * snapshot's weights only mean something under the featurizer that produced them), the estimator and the
 * cost-quality chooser.
 *
 * @param featureBits   log2 of the hashed feature buckets
 * @param maxPromptChars prompt characters featurized at most (head and tail halves)
 * @param estimator     online success estimator settings; its dimension is {@code 2^featureBits}
 * @param chooser       cost weights per quality tier, exploration share of under-evidenced routes
 * @param answers       the answer scorers' featurizer and estimator, shared with the executors that judge cascades
 * @param cascades      when a cascade is judged by its answers' scores, and the threshold per quality tier
 */
public record LearnedRouting(
        int featureBits,
        int maxPromptChars,
        EstimatorConfig estimator,
        ChooserConfig chooser,
        AnswerScoring answers,
        ScoredCascades cascades) {

    public LearnedRouting {
        Objects.requireNonNull(estimator, "estimator");
        Objects.requireNonNull(chooser, "chooser");
        Objects.requireNonNull(answers, "answers");
        Objects.requireNonNull(cascades, "cascades");
        if (estimator.dimension() != 1 << featureBits) {
            throw new IllegalArgumentException("estimator dimension " + estimator.dimension() + " must equal 2^"
                    + featureBits + " feature buckets");
        }
    }

    /**
     * 2^16 buckets over the first and last 2,048 characters, the library's estimator and chooser defaults. 2^16
     * rather than the library's 2^18: a route's snapshot then stays below Kafka's default 1 MB record limit
     * whatever the traffic (at most 65,536 weights with their accumulators), and on recorded RouterBench
     * feedback the estimates are as good (offline accuracy within 0.001).
     */
    public static LearnedRouting ofDefaults() {
        return new LearnedRouting(
                16,
                4096,
                EstimatorConfig.ofDefaults().withDimension(1 << 16),
                ChooserConfig.ofDefaults(),
                AnswerScoring.ofDefaults(),
                ScoredCascades.ofDefaults());
    }

    /** A fresh featurizer of these settings (immutable and thread-safe: one may be shared). */
    public HashingPromptFeaturizer featurizer() {
        return new HashingPromptFeaturizer(featureBits, maxPromptChars);
    }

    /** Names the featurizer in snapshots, e.g. {@code hashing-v1/16/4096}. */
    public String featurizerId() {
        return String.format(Locale.ROOT, "hashing-v1/%d/%d", featureBits, maxPromptChars);
    }

    /** An estimator with every configured model's quality prior registered. */
    public OnlineSuccessEstimator newEstimator(RouteplaneConfig config) {
        OnlineSuccessEstimator e = new OnlineSuccessEstimator(estimator);
        for (Model m : config.models().values()) {
            // The logistic prior needs an open interval; a configured 0 or 1 means "almost never" / "almost always".
            e.registerRoute(m.id(), Math.min(0.99, Math.max(0.01, m.qualityPrior())));
        }
        return e;
    }
}
