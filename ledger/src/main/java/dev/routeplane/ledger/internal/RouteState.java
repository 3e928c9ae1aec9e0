package dev.routeplane.ledger.internal;

/**
 * Accumulated statistics of one route, as stored between emissions. {@code feedbackSum} is a double: it
 * is a quality score, not money. {@code dirty} marks a change not yet emitted.
 */
public record RouteState(
        String lane,
        String provider,
        String model,
        long calls,
        long successes,
        long failures,
        long fallbacks,
        long costMicros,
        long feedbackCount,
        double feedbackSum,
        byte[] latencySketch,
        boolean dirty) {

    static RouteState empty(StatsDelta first) {
        return new RouteState(first.lane(), first.provider(), first.model(), 0, 0, 0, 0, 0, 0, 0.0, null, false);
    }

    RouteState plus(StatsDelta delta, byte[] sketch) {
        boolean hasQuality = delta.quality() != null;
        return new RouteState(
                lane,
                provider,
                model,
                calls + delta.calls(),
                successes + delta.successes(),
                failures + delta.failures(),
                fallbacks + delta.fallbacks(),
                Math.addExact(costMicros, delta.costMicros()),
                feedbackCount + (hasQuality ? 1 : 0),
                feedbackSum + (hasQuality ? delta.quality() : 0.0),
                sketch,
                true);
    }

    RouteState emitted() {
        return new RouteState(
                lane,
                provider,
                model,
                calls,
                successes,
                failures,
                fallbacks,
                costMicros,
                feedbackCount,
                feedbackSum,
                latencySketch,
                false);
    }
}
