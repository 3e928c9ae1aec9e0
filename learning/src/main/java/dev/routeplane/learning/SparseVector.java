package dev.routeplane.learning;

import java.util.Arrays;

/**
 * An immutable sparse feature vector: strictly increasing bucket indices with their values.
 *
 * <p>Immutable and therefore safe to share between threads; the arrays are copied on construction and
 * never exposed.
 */
public final class SparseVector {

    private static final SparseVector EMPTY = new SparseVector(new int[0], new float[0], false);

    private final int[] indices;
    private final float[] values;

    private SparseVector(int[] indices, float[] values, boolean check) {
        if (check) {
            if (indices.length != values.length) {
                throw new IllegalArgumentException(
                        "indices and values differ in length: " + indices.length + " vs " + values.length);
            }
            for (int i = 1; i < indices.length; i++) {
                if (indices[i] <= indices[i - 1]) {
                    throw new IllegalArgumentException("indices must be strictly increasing at position " + i);
                }
            }
        }
        this.indices = indices;
        this.values = values;
    }

    /** A vector from strictly increasing, non-negative indices and their values (both copied). */
    public static SparseVector of(int[] indices, float[] values) {
        if (indices.length > 0 && indices[0] < 0) {
            throw new IllegalArgumentException("indices must be non-negative");
        }
        return new SparseVector(indices.clone(), values.clone(), true);
    }

    /** Takes ownership of arrays the caller built already sorted; internal use only. */
    static SparseVector wrap(int[] indices, float[] values) {
        return new SparseVector(indices, values, false);
    }

    /** The vector with no entries. */
    public static SparseVector empty() {
        return EMPTY;
    }

    /** Number of stored entries. */
    public int size() {
        return indices.length;
    }

    /** Bucket index of the i-th entry. */
    public int index(int i) {
        return indices[i];
    }

    /** Value of the i-th entry. */
    public float value(int i) {
        return values[i];
    }

    /** Dot product with a dense weight array; buckets beyond its length count as zero. */
    public double dot(float[] dense) {
        double s = 0;
        for (int i = 0; i < indices.length; i++) {
            int j = indices[i];
            if (j < dense.length) {
                s += dense[j] * values[i];
            }
        }
        return s;
    }

    /** Euclidean norm. */
    public double norm() {
        double s = 0;
        for (float v : values) {
            s += (double) v * v;
        }
        return Math.sqrt(s);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SparseVector other
                && Arrays.equals(indices, other.indices)
                && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(indices) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "SparseVector[size=" + indices.length + "]";
    }
}
