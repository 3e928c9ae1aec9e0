package dev.routeplane.router;

import java.util.List;

/**
 * Ranks the routes policy left eligible. The rule-and-statistics implementation is
 * {@code StatsAwareSelector}; a learned selector can replace it through {@link RouterTopologyConfig}.
 *
 * <p>Contract: thread-safe, no I/O, deterministic for the same inputs (choices that look random, like
 * exploration, derive from the request id and a seed), never returns fewer routes than it was given.
 */
public interface RouteSelector {

  /**
   * @param query    the classified request
   * @param lane     the lane name (route statistics are per lane)
   * @param eligible at least one eligible route, in lane order
   * @param signals  live route statistics and health
   */
  Selection select(RouteQuery query, String lane, List<EligibleRoute> eligible, RoutingSignals signals);
}
