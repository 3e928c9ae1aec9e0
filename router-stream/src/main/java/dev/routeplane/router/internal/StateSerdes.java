package dev.routeplane.router.internal;

import dev.routeplane.contract.ToolApproval;
import dev.routeplane.router.BudgetState;
import dev.routeplane.router.Reservation;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * ToolApprovals v1: 0x01, count (u16), per approval: tool, approvedBy (each u16 length + UTF-8), approvedAt (i64 BE)
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
            return new BudgetState(text(in), in.getLong(), in.getLong(), in.getLong());
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
            return new Reservation(text(in), in.getLong());
        };
        return Serdes.serdeFrom(ser, de);
    }

    /** The approvals one request has, in the order they were given. */
    public static Serde<List<ToolApproval>> toolApprovals() {
        Serializer<List<ToolApproval>> ser = (topic, list) -> {
            if (list == null) {
                return null;
            }
            List<byte[]> parts = new ArrayList<>(list.size() * 2);
            int size = 1 + 2;
            for (ToolApproval a : list) {
                byte[] tool = a.getTool().getBytes(StandardCharsets.UTF_8);
                byte[] by = a.getApprovedBy().getBytes(StandardCharsets.UTF_8);
                parts.add(tool);
                parts.add(by);
                size += 2 + tool.length + 2 + by.length + 8;
            }
            ByteBuffer out = ByteBuffer.allocate(size).put(V1).putShort((short) list.size());
            for (int i = 0; i < list.size(); i++) {
                out.putShort((short) parts.get(2 * i).length).put(parts.get(2 * i));
                out.putShort((short) parts.get(2 * i + 1).length).put(parts.get(2 * i + 1));
                out.putLong(list.get(i).getApprovedAt().toEpochMilli());
            }
            return out.array();
        };
        Deserializer<List<ToolApproval>> de = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer in = versioned(bytes, "ToolApprovals");
            int count = Short.toUnsignedInt(in.getShort());
            List<ToolApproval> list = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String tool = text(in);
                String by = text(in);
                list.add(new ToolApproval(tool, by, Instant.ofEpochMilli(in.getLong())));
            }
            return list;
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

    private static String text(ByteBuffer in) {
        byte[] period = new byte[in.getShort() & 0xFFFF];
        in.get(period);
        return new String(period, StandardCharsets.UTF_8);
    }
}
