package dev.routeplane.learning.internal;

import java.util.Arrays;

/**
 * Open-addressing map from bucket index to a float sum, sized once per featurization; avoids boxing and
 * a sort over every raw n-gram (only distinct buckets get sorted). Not thread-safe: one per call.
 */
public final class BucketAccumulator {

    private final int[] keys;
    private final float[] sums;
    private final int mask;
    private int size;

    public BucketAccumulator(int expectedEntries) {
        int cap = Integer.highestOneBit(Math.max(16, expectedEntries * 2 - 1)) << 1;
        keys = new int[cap];
        Arrays.fill(keys, -1);
        sums = new float[cap];
        mask = cap - 1;
    }

    /** Adds {@code delta} to bucket {@code index} (index ≥ 0). */
    public void add(int index, float delta) {
        int slot = Hashing.mix(index, 7) & mask;
        while (true) {
            int k = keys[slot];
            if (k == index) {
                sums[slot] += delta;
                return;
            }
            if (k == -1) {
                if (size * 2 >= keys.length) {
                    throw new IllegalStateException("accumulator full; size it for the n-gram count");
                }
                keys[slot] = index;
                sums[slot] = delta;
                size++;
                return;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** Distinct buckets seen so far. */
    public int size() {
        return size;
    }

    /** Sorted distinct indices whose sum is non-zero. */
    public int[] sortedIndices() {
        int[] out = new int[size];
        int n = 0;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != -1 && sums[i] != 0f) {
                out[n++] = keys[i];
            }
        }
        out = n == out.length ? out : Arrays.copyOf(out, n);
        Arrays.sort(out);
        return out;
    }

    /** The sum of one bucket, 0 when absent. */
    public float get(int index) {
        int slot = Hashing.mix(index, 7) & mask;
        while (true) {
            int k = keys[slot];
            if (k == index) {
                return sums[slot];
            }
            if (k == -1) {
                return 0f;
            }
            slot = (slot + 1) & mask;
        }
    }
}
