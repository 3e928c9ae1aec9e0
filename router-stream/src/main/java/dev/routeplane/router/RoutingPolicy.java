package dev.routeplane.router;

import java.util.List;

/**
 * Decides which candidates a request may use: capabilities, the tenant's allowlists, data-class rules,
 * policy tags, provider health and the caller's cost ceiling. Every removal names its constraint so a
 * rejection can say what removed the last candidate.
 *
 * <p>Implementations are immutable and thread-safe; {@link #filter} is on the hot path and must not do I/O.
 */
public interface RoutingPolicy {

    /**
     * @param query      the classified request
     * @param candidates candidates in preference order
     * @param signals    live provider health
     * @return eligible candidates in the same order, and the removals
     */
    PolicyOutcome filter(RouteQuery query, List<Candidate> candidates, RoutingSignals signals);
}
