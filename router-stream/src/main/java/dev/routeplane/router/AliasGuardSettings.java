package dev.routeplane.router;

/**
 * When the online guard rolls an alias back: once a newly bound model has at least {@code minFeedback} feedback
 * items under the alias and its mean quality is more than {@code maxQualityDrop} below that of the model it
 * replaced (over at least {@code minFeedback} items of its own under the alias), or once it has at least
 * {@code minCalls} results and more than {@code maxErrorRate} of them failed.
 *
 * @param minFeedback    feedback items needed on both sides before quality is compared
 * @param maxQualityDrop tolerated drop of mean quality (0..1 scale)
 * @param minCalls       results needed before the error rate is judged
 * @param maxErrorRate   tolerated share of failed results
 */
public record AliasGuardSettings(int minFeedback, double maxQualityDrop, int minCalls, double maxErrorRate) {

    public AliasGuardSettings {
        if (minFeedback < 1 || minCalls < 1) {
            throw new IllegalArgumentException(
                    "minFeedback and minCalls must be >= 1, got " + minFeedback + " / " + minCalls);
        }
        if (!(maxQualityDrop >= 0 && maxQualityDrop <= 1) || !(maxErrorRate >= 0 && maxErrorRate <= 1)) {
            throw new IllegalArgumentException(
                    "maxQualityDrop and maxErrorRate must be in [0,1], got " + maxQualityDrop + " / " + maxErrorRate);
        }
    }

    /** 30 feedback items, 5 points of quality; 30 results, 20% errors. */
    public static AliasGuardSettings ofDefaults() {
        return new AliasGuardSettings(30, 0.05, 30, 0.20);
    }
}
