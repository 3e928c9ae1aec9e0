package dev.routeplane.bench.e2e;

import dev.routeplane.bench.Percentiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pipeline's overhead on each synchronous call: the time the client waited for the API's answer minus the
 * provider calls' own time, as the executor measured them (the attempts of the request's terminal result).
 */
final class Overhead {
    private Overhead() {}

    /**
     * Per answered request: its round trip minus its provider time. A request whose provider time is unknown (its
     * result was not read) is left out; {@link #unmatched} counts those.
     *
     * @param roundTripMs request id to the client's round trip in milliseconds
     * @param providerMs  request id to the summed latency of its provider calls in milliseconds
     */
    static List<Long> of(Map<String, Long> roundTripMs, Map<String, Long> providerMs) {
        List<Long> overheads = new ArrayList<>(roundTripMs.size());
        roundTripMs.forEach((id, rtt) -> {
            Long provider = providerMs.get(id);
            if (provider != null) {
                overheads.add(Math.max(0, rtt - provider));
            }
        });
        return overheads;
    }

    static long unmatched(Map<String, Long> roundTripMs, Map<String, Long> providerMs) {
        return roundTripMs.keySet().stream()
                .filter(id -> !providerMs.containsKey(id))
                .count();
    }

    static long p50(List<Long> values) {
        return Percentiles.nearestRank(values, 50);
    }

    static long p99(List<Long> values) {
        return Percentiles.nearestRank(values, 99);
    }
}
