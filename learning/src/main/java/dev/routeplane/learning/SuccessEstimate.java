package dev.routeplane.learning;

/**
 * A route's estimated chance of doing one request well.
 *
 * @param probability P(success | features), in [0, 1], already shrunk toward the prior by the evidence
 * @param evidence feedback examples the route's model has learned from (0 for a never-seen route)
 * @param prior the configured quality prior the estimate starts from
 */
public record SuccessEstimate(double probability, long evidence, double prior) {

    public SuccessEstimate {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in [0,1], was " + probability);
        }
        if (evidence < 0) {
            throw new IllegalArgumentException("evidence must be >= 0, was " + evidence);
        }
    }
}
