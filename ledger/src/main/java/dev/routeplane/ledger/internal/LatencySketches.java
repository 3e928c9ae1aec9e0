package dev.routeplane.ledger.internal;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import com.datadoghq.sketch.ddsketch.store.CollapsingLowestDenseStore;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Latency sketches: DDSketch with 1% relative accuracy, so p50/p95 are within 1% of the true values, and
 * mergeable, so per-route sketches can be combined (e.g. across lanes) by whoever reads
 * {@code RouteStats.latencySketch}. Bins are capped; if the range ever exceeds them the lowest latencies
 * collapse, which leaves the upper quantiles that routing cares about exact to the accuracy.
 */
public final class LatencySketches {
    /** Relative accuracy of every quantile read from a sketch. */
    public static final double RELATIVE_ACCURACY = 0.01;

    private static final int MAX_BINS = 2048;

    private LatencySketches() {}

    public static DDSketch empty() {
        return DDSketches.logarithmicCollapsingLowestDense(RELATIVE_ACCURACY, MAX_BINS);
    }

    /**
     * Encodes with DDSketch's own binary format, index mapping included, so a reader needs nothing but
     * sketches-java's {@code DDSketch.decode} to use it.
     */
    public static byte[] encode(DDSketch sketch) {
        GrowingByteArrayOutput out = GrowingByteArrayOutput.withDefaultInitialCapacity();
        try {
            sketch.encode(out, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.trimmedCopy();
    }

    public static DDSketch decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return empty();
        }
        try {
            return DDSketch.decode(ByteArrayInput.wrap(bytes), () -> new CollapsingLowestDenseStore(MAX_BINS));
        } catch (IOException e) {
            throw new UncheckedIOException("Corrupt latency sketch", e);
        }
    }

    /** The quantile rounded to whole milliseconds; 0 for an empty sketch. */
    public static long quantileMs(DDSketch sketch, double quantile) {
        return sketch.isEmpty() ? 0L : Math.round(sketch.getValueAtQuantile(quantile));
    }
}
