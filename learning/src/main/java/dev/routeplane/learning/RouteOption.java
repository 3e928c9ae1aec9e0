package dev.routeplane.learning;

import java.util.Objects;

/**
 * One route the chooser may pick for a request: a model, or a cascade plan's id. (The router's {@code Candidate} is
 * something else: a lane entry resolved to a configured model, before policy.)
 *
 * @param route model id or cascade plan id
 * @param estimate its success estimate for this request
 * @param expectedCostUsd expected billed cost of the request on this route, every call included
 */
public record RouteOption(String route, SuccessEstimate estimate, double expectedCostUsd) {

    public RouteOption {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(estimate, "estimate");
        if (!(expectedCostUsd >= 0)) {
            throw new IllegalArgumentException("expectedCostUsd of " + route + " must be >= 0, was " + expectedCostUsd);
        }
    }
}
