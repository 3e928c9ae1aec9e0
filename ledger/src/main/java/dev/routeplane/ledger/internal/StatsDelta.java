package dev.routeplane.ledger.internal;

/**
 * A change to one route's statistics, sent through the route-keyed repartition topic. Carries at most one
 * latency and one quality observation, so it is small; the accumulator folds deltas into the route's state.
 *
 * @param latencyMs a call's latency, or null
 * @param quality a feedback value in 0..1, or null
 */
public record StatsDelta(
        String lane,
        String provider,
        String model,
        long calls,
        long successes,
        long failures,
        long fallbacks,
        long costMicros,
        Long latencyMs,
        Double quality) {

    static StatsDelta call(
            String lane, String provider, String model, boolean success, long costMicros, long latencyMs) {
        return new StatsDelta(
                lane, provider, model, 1, success ? 1 : 0, success ? 0 : 1, 0, costMicros, latencyMs, null);
    }

    static StatsDelta fallback(String lane, String provider, String model) {
        return new StatsDelta(lane, provider, model, 0, 0, 0, 1, 0, null, null);
    }

    static StatsDelta feedback(String lane, String provider, String model, double quality) {
        return new StatsDelta(lane, provider, model, 0, 0, 0, 0, 0, null, quality);
    }
}
