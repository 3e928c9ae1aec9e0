package dev.routeplane.learning.internal;

import dev.routeplane.learning.SparseVector;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One route's AdaGrad logistic-regression state. Written by one thread; read by any: each float is read
 * atomically, so a concurrent reader sees every weight either before or after an update (a dot product
 * may mix both, which shifts an estimate by at most one step and is harmless for routing).
 */
public final class RouteWeights {

    /** Snapshot format version; bump on any layout change and keep reading the old one. */
    public static final byte FORMAT_V1 = 1;

    private final float[] w;
    private final float[] g2;
    private final double prior;
    private volatile double bias;
    private double biasG2;
    private volatile long evidence;

    public RouteWeights(int dimension, double prior) {
        this.w = new float[dimension];
        this.g2 = new float[dimension];
        this.prior = prior;
        this.bias = Math.log(prior / (1 - prior));
    }

    public double prior() {
        return prior;
    }

    public long evidence() {
        return evidence;
    }

    public int dimension() {
        return w.length;
    }

    /** Learned probability for the vector, before prior shrinkage. */
    public double learned(SparseVector x) {
        return sigmoid(bias + x.dot(w));
    }

    /** One AdaGrad step on the log loss toward {@code outcome} in [0,1]. Single writer only. */
    public void update(SparseVector x, double outcome, double rate, double l2) {
        double grad = learned(x) - outcome;
        biasG2 += grad * grad;
        bias = bias - rate * grad / (Math.sqrt(biasG2) + 1e-6);
        for (int i = 0; i < x.size(); i++) {
            int j = x.index(i);
            if (j >= w.length) {
                continue;
            }
            double gj = grad * x.value(i) + l2 * w[j];
            g2[j] += (float) (gj * gj);
            w[j] -= (float) (rate * gj / (Math.sqrt(g2[j]) + 1e-6));
        }
        evidence = evidence + 1;
    }

    /** Compact binary form: only non-zero buckets, delta-varint indices. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_V1);
            out.writeInt(w.length);
            out.writeDouble(prior);
            out.writeLong(evidence);
            out.writeDouble(bias);
            out.writeDouble(biasG2);
            int nonZero = 0;
            for (int j = 0; j < w.length; j++) {
                if (g2[j] != 0f) {
                    nonZero++;
                }
            }
            out.writeInt(nonZero);
            int last = -1;
            for (int j = 0; j < w.length; j++) {
                if (g2[j] != 0f) {
                    writeVarint(out, j - last);
                    last = j;
                    out.writeFloat(w[j]);
                    out.writeFloat(g2[j]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads {@link #toBytes()} output; throws IllegalArgumentException naming what is wrong. */
    public static RouteWeights fromBytes(DataInputStream in) throws IOException {
        byte version = in.readByte();
        if (version != FORMAT_V1) {
            throw new IllegalArgumentException(
                    "unknown route-weights snapshot version " + version + "; this build reads version " + FORMAT_V1);
        }
        int dim = in.readInt();
        double prior = in.readDouble();
        RouteWeights r = new RouteWeights(dim, prior);
        r.evidence = in.readLong();
        r.bias = in.readDouble();
        r.biasG2 = in.readDouble();
        int nonZero = in.readInt();
        int j = -1;
        for (int k = 0; k < nonZero; k++) {
            j += readVarint(in);
            if (j < 0 || j >= dim) {
                throw new IllegalArgumentException("snapshot bucket " + j + " outside dimension " + dim);
            }
            r.w[j] = in.readFloat();
            r.g2[j] = in.readFloat();
        }
        return r;
    }

    private static void writeVarint(DataOutputStream out, int v) throws IOException {
        while ((v & ~0x7F) != 0) {
            out.writeByte((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.writeByte(v);
    }

    private static int readVarint(DataInputStream in) throws IOException {
        int v = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("malformed varint in snapshot");
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-Math.max(-35, Math.min(35, z))));
    }
}
