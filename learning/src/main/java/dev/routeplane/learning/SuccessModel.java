package dev.routeplane.learning;

/**
 * Estimates, per route (a model, or a cascade plan's id), the chance that it does a request well.
 *
 * <p>Contract: {@link #estimate} is <b>thread-safe</b> and non-blocking; the router calls it from its
 * stream threads for every candidate of every request.
 */
public interface SuccessModel {

    /**
     * @param features the request's vector from a {@link PromptFeaturizer} of the same dimension
     * @param route model id or cascade plan id, spelled as in config
     * @return the estimate; a route never updated gets its prior with evidence 0
     */
    SuccessEstimate estimate(SparseVector features, String route);
}
