package dev.routeplane.router.internal;

import dev.routeplane.router.BudgetState;
import dev.routeplane.router.Reservation;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Hand-written serdes for the router's private state. Chosen over Avro because these values are written on
 * every routed request and never leave the router's own changelogs; a leading version byte lets a later
 * release read old changelog records.
 *
 * <pre>
 * BudgetState v1: 0x01, period (u16 length + UTF-8), reservedMicros, settledMicros, ledgerSpentMicros (i64 BE)
 * Reservation v1: 0x01, period (u16 length + UTF-8), micros (i64 BE)
 * </pre>
 */
public final class StateSerdes {
    private static final byte V1 = 1;

    private StateSerdes() {}

    public static Serde<BudgetState> budgetState() {
        Serializer<BudgetState> ser = (topic, s) -> {
            if (s == null) {
                return null;
            }
            byte[] period = s.period().getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(1 + 2 + period.length + 24)
                    .put(V1)
                    .putShort((short) period.length)
                    .put(period)
                    .putLong(s.reservedMicros())
                    .putLong(s.settledMicros())
                    .putLong(s.ledgerSpentMicros())
                    .array();
        };
        Deserializer<BudgetState> de = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer in = versioned(bytes, "BudgetState");
            return new BudgetState(period(in), in.getLong(), in.getLong(), in.getLong());
        };
        return Serdes.serdeFrom(ser, de);
    }

    public static Serde<Reservation> reservation() {
        Serializer<Reservation> ser = (topic, r) -> {
            if (r == null) {
                return null;
            }
            byte[] period = r.period().getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(1 + 2 + period.length + 8)
                    .put(V1)
                    .putShort((short) period.length)
                    .put(period)
                    .putLong(r.micros())
                    .array();
        };
        Deserializer<Reservation> de = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer in = versioned(bytes, "Reservation");
            return new Reservation(period(in), in.getLong());
        };
        return Serdes.serdeFrom(ser, de);
    }

    private static ByteBuffer versioned(byte[] bytes, String what) {
        if (bytes.length == 0 || bytes[0] != V1) {
            throw new SerializationException(what + " state has unknown version "
                    + (bytes.length == 0 ? "(empty)" : Byte.toString(bytes[0])) + "; written by a newer router?");
        }
        return ByteBuffer.wrap(bytes, 1, bytes.length - 1);
    }

    private static String period(ByteBuffer in) {
        byte[] period = new byte[in.getShort() & 0xFFFF];
        in.get(period);
        return new String(period, StandardCharsets.UTF_8);
    }
}
