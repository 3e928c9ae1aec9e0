package dev.routeplane.router.internal;

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
 * One outcome of a request routed through an alias, for the online guard: which model the alias resolved to, when
 * the request was decided, and either its result (failed or not; quality NaN) or its feedback's quality. Internal
 * to the learner application (its repartition topic).
 *
 * @param alias     the alias the request was routed through
 * @param model     the model the alias resolved to
 * @param decidedAt decision time, epoch millis (which binding was in force)
 * @param failed    for a result: true when the request ended without an answer
 * @param quality   for feedback: its quality in [0,1]; NaN for a result
 */
public record AliasOutcome(String alias, String model, long decidedAt, boolean failed, double quality) {
    private static final byte VERSION = 1;

    public static Serde<AliasOutcome> serde() {
        return Serdes.serdeFrom(
                (topic, o) -> o == null ? null : o.toBytes(),
                (topic, bytes) -> bytes == null ? null : fromBytes(bytes));
    }

    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(alias);
            out.writeUTF(model);
            out.writeLong(decidedAt);
            out.writeBoolean(failed);
            out.writeDouble(quality);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static AliasOutcome fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readByte() != VERSION) {
                throw new SerializationException("unknown alias outcome version");
            }
            return new AliasOutcome(in.readUTF(), in.readUTF(), in.readLong(), in.readBoolean(), in.readDouble());
        } catch (IOException e) {
            throw new SerializationException("truncated alias outcome: " + e.getMessage(), e);
        }
    }
}
