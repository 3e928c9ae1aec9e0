package dev.routeplane.router;

/**
 * An eligible route with the estimates it was ranked by.
 *
 * @param route              the eligible route
 * @param quality            expected quality 0..1 (route statistics, else the model's prior; penalties applied)
 * @param expectedCostMicros expected cost of one call
 * @param latencyMs          expected latency
 * @param evidence           feedback items behind the quality estimate (0 when the prior was used)
 * @param qualitySource      {@code stats} or {@code prior}, for the explanation
 */
public record RankedRoute(
        EligibleRoute route,
        double quality,
        long expectedCostMicros,
        long latencyMs,
        long evidence,
        String qualitySource) {}
