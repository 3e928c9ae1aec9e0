package dev.routeplane.classifier.internal;

import dev.routeplane.classifier.Detection;
import dev.routeplane.classifier.DetectionKind;
import java.util.ArrayList;
import java.util.List;

/** Per-call counts of detections by kind; never stores what matched. Not thread-safe (one per call). */
public final class DetectionTally {

    private static final DetectionKind[] KINDS = DetectionKind.values();

    private final int[] counts = new int[KINDS.length];

    void add(DetectionKind kind) {
        counts[kind.ordinal()]++;
    }

    /** Adds every count of {@code other} to this tally. */
    public void addAll(DetectionTally other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
    }

    public int count(DetectionKind kind) {
        return counts[kind.ordinal()];
    }

    /** Non-zero counts in {@link DetectionKind} order. */
    public List<Detection> toList() {
        List<Detection> out = new ArrayList<>(2);
        for (DetectionKind kind : KINDS) {
            if (counts[kind.ordinal()] > 0) {
                out.add(new Detection(kind, counts[kind.ordinal()]));
            }
        }
        return out;
    }
}
