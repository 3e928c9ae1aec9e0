package dev.routeplane.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Percentiles of measured latencies, as the demo and the benchmarks report them. */
public final class Percentiles {
    private Percentiles() {}

    /** The {@code p}th percentile of {@code values} by nearest rank; 0 for no values. */
    public static long nearestRank(List<Long> values, int p) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
