package dev.routeplane.router.internal;

import dev.routeplane.learning.SparseVector;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One feedback example for the learner's trainer: the prompt vector of a request, the model that answered it and
 * the feedback's quality in [0, 1]. Internal to the learner (its repartition topic), so a compact binary form
 * rather than a registry contract.
 */
public record TrainingExample(String route, double outcome, SparseVector features) {
    private static final byte VERSION = 1;

    /** The serde of the learner's repartition topic. */
    public static Serde<TrainingExample> serde() {
        return Serdes.serdeFrom(
                (topic, e) -> e == null ? null : e.toBytes(),
                (topic, bytes) -> bytes == null ? null : fromBytes(bytes));
    }

    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + features.size() * 6);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(route);
            out.writeDouble(outcome);
            VectorCodec.write(out, features);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static TrainingExample fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new SerializationException("unknown training example version " + version);
            }
            return new TrainingExample(in.readUTF(), in.readDouble(), VectorCodec.read(in));
        } catch (IOException e) {
            throw new SerializationException("truncated training example: " + e.getMessage(), e);
        }
    }
}
