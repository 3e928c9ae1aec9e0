package dev.routeplane.executors.internal;

import java.util.Arrays;

/** The last N call latencies, for p50/p95 in health reports. Thread-safe; cheap to record. */
final class LatencyWindow {
    private final long[] samples;
    private int next;
    private int size;

    LatencyWindow(int capacity) {
        this.samples = new long[capacity];
    }

    synchronized void record(long millis) {
        samples[next] = millis;
        next = (next + 1) % samples.length;
        size = Math.min(size + 1, samples.length);
    }

    /** The {@code q}-quantile (0..1) of the window, 0 when empty. */
    synchronized long quantile(double q) {
        if (size == 0) {
            return 0;
        }
        long[] copy = Arrays.copyOf(samples, size);
        Arrays.sort(copy);
        int index = (int) Math.min(size - 1, Math.max(0, Math.ceil(q * size) - 1));
        return copy[index];
    }
}
