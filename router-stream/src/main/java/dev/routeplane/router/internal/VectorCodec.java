package dev.routeplane.router.internal;

import dev.routeplane.learning.SparseVector;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** A sparse vector as bytes: entry count, then per entry the index as a delta varint and the value as a float. */
final class VectorCodec {
    private VectorCodec() {}

    static void write(DataOutputStream out, SparseVector v) throws IOException {
        out.writeInt(v.size());
        int last = -1;
        for (int i = 0; i < v.size(); i++) {
            int gap = v.index(i) - last;
            last = v.index(i);
            while ((gap & ~0x7F) != 0) {
                out.writeByte((gap & 0x7F) | 0x80);
                gap >>>= 7;
            }
            out.writeByte(gap);
            out.writeFloat(v.value(i));
        }
    }

    static SparseVector read(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("negative vector size " + n);
        }
        int[] idx = new int[n];
        float[] val = new float[n];
        int last = -1;
        for (int i = 0; i < n; i++) {
            int gap = 0;
            for (int shift = 0; ; shift += 7) {
                if (shift > 28) {
                    throw new IOException("malformed varint in vector");
                }
                int b = in.readUnsignedByte();
                gap |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            last += gap;
            idx[i] = last;
            val[i] = in.readFloat();
        }
        return SparseVector.of(idx, val);
    }
}
