package dev.routeplane.ledger.internal;

import dev.routeplane.ledger.UsageTotals;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A compact binary serde for the ledger's hottest state (usage totals, open calls, route statistics, the route
 * deltas of the repartition topic and each request's route) that still reads the JSON the ledger wrote before.
 *
 * <p>Jackson's JSON was a quarter of the ledger's stream thread (docs/benchmarks.md, twelfth session): each store
 * access decodes or encodes a value. A value written here starts with {@link #VERSION}; JSON always starts with
 * {@code '{'}, so a store, changelog or repartition topic holding values of both (during and after an upgrade) is read
 * whole. An older ledger cannot read the binary values: a rollback past this version starts those stores empty (usage
 * totals are re-derived only by replaying the ledger topic).
 *
 * <p>Private to the application like {@link JsonSerde}: never a contract another service reads.
 */
public final class StateSerde<T> implements Serde<T> {
    /** The first byte of a value in this format. */
    static final byte VERSION = 1;

    /** Writes and reads one type's fields, in a fixed order. */
    interface Codec<T> {
        void write(T value, Writer out);

        T read(Reader in);
    }

    public static final StateSerde<UsageTotals> USAGE_TOTALS = new StateSerde<>(UsageTotals.class, new Codec<>() {
        @Override
        public void write(UsageTotals t, Writer out) {
            out.longs(
                    t.calls(),
                    t.failures(),
                    t.inputTokens(),
                    t.outputTokens(),
                    t.costMicros(),
                    t.priceMismatches(),
                    t.providerBatchCalls(),
                    t.providerBatchCostMicros());
        }

        @Override
        public UsageTotals read(Reader in) {
            return new UsageTotals(
                    in.int64(), in.int64(), in.int64(), in.int64(), in.int64(), in.int64(), in.int64(), in.int64());
        }
    });

    public static final StateSerde<OpenCall> OPEN_CALL = new StateSerde<>(OpenCall.class, new Codec<>() {
        @Override
        public void write(OpenCall c, Writer out) {
            out.strings(c.callId());
            out.bool(c.closed());
            out.strings(
                    c.requestId(),
                    c.tenantId(),
                    c.batchId(),
                    c.lane(),
                    c.provider(),
                    c.model(),
                    c.keyProfile(),
                    c.clientRequestId());
            out.longs(
                    c.inputTokens(),
                    c.maxOutputTokens(),
                    c.worstCaseCostMicros(),
                    c.atMillis(),
                    c.callDeadlineMillis(),
                    c.seenAtMillis());
        }

        @Override
        public OpenCall read(Reader in) {
            return new OpenCall( // arguments are evaluated left to right: the order write uses
                    in.string(),
                    in.bool(),
                    in.string(),
                    in.string(),
                    in.string(),
                    in.string(),
                    in.string(),
                    in.string(),
                    in.string(),
                    in.string(),
                    Math.toIntExact(in.int64()),
                    Math.toIntExact(in.int64()),
                    in.int64(),
                    in.int64(),
                    in.int64(),
                    in.int64());
        }
    });

    public static final StateSerde<StatsDelta> STATS_DELTA = new StateSerde<>(StatsDelta.class, new Codec<>() {
        @Override
        public void write(StatsDelta d, Writer out) {
            out.strings(d.lane(), d.provider(), d.model());
            out.longs(d.calls(), d.successes(), d.failures(), d.fallbacks(), d.costMicros());
            out.bool(d.latencyMs() != null);
            if (d.latencyMs() != null) {
                out.longs(d.latencyMs());
            }
            out.bool(d.quality() != null);
            if (d.quality() != null) {
                out.float64(d.quality());
            }
        }

        @Override
        public StatsDelta read(Reader in) {
            return new StatsDelta(
                    in.string(),
                    in.string(),
                    in.string(),
                    in.int64(),
                    in.int64(),
                    in.int64(),
                    in.int64(),
                    in.int64(),
                    in.bool() ? Long.valueOf(in.int64()) : null,
                    in.bool() ? Double.valueOf(in.float64()) : null);
        }
    });

    public static final StateSerde<RouteState> ROUTE_STATE = new StateSerde<>(RouteState.class, new Codec<>() {
        @Override
        public void write(RouteState s, Writer out) {
            out.strings(s.lane(), s.provider(), s.model());
            out.longs(s.calls(), s.successes(), s.failures(), s.fallbacks(), s.costMicros(), s.feedbackCount());
            out.float64(s.feedbackSum());
            out.bytes(s.latencySketch());
            out.bool(s.dirty());
        }

        @Override
        public RouteState read(Reader in) {
            return new RouteState(
                    in.string(),
                    in.string(),
                    in.string(),
                    in.int64(),
                    in.int64(),
                    in.int64(),
                    in.int64(),
                    in.int64(),
                    in.int64(),
                    in.float64(),
                    in.bytes(),
                    in.bool());
        }
    });

    public static final StateSerde<RequestRoute> REQUEST_ROUTE = new StateSerde<>(RequestRoute.class, new Codec<>() {
        @Override
        public void write(RequestRoute r, Writer out) {
            out.strings(r.lane, r.provider, r.model);
            out.bool(r.resultSeen);
            out.bool(r.resultApplied);
            out.count(r.attempts.size());
            for (RequestRoute.Attempt a : r.attempts) {
                out.strings(a.provider(), a.model(), a.outcome());
            }
            out.count(r.pendingFeedback.size());
            for (RequestRoute.PendingFeedback f : r.pendingFeedback) {
                out.strings(f.feedbackId());
                out.float64(f.quality());
            }
            out.count(r.appliedFeedbackIds.size());
            out.strings(r.appliedFeedbackIds.toArray(String[]::new));
            out.longs(r.touchedAt);
        }

        @Override
        public RequestRoute read(Reader in) {
            RequestRoute r = new RequestRoute();
            r.lane = in.string();
            r.provider = in.string();
            r.model = in.string();
            r.resultSeen = in.bool();
            r.resultApplied = in.bool();
            for (int i = in.count(12); i > 0; i--) { // an attempt is at least three lengths
                r.attempts.add(new RequestRoute.Attempt(in.string(), in.string(), in.string()));
            }
            for (int i = in.count(12); i > 0; i--) { // a length and a double
                r.pendingFeedback.add(new RequestRoute.PendingFeedback(in.string(), in.float64()));
            }
            for (int i = in.count(4); i > 0; i--) {
                r.appliedFeedbackIds.add(in.string());
            }
            r.touchedAt = in.int64();
            return r;
        }
    });

    private final Class<T> type;
    private final Codec<T> codec;
    private final JsonSerde<T> json;

    private StateSerde(Class<T> type, Codec<T> codec) {
        this.type = type;
        this.codec = codec;
        this.json = JsonSerde.of(type);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            Writer out = new Writer();
            out.buf[0] = VERSION;
            out.size = 1;
            codec.write(value, out);
            return Arrays.copyOf(out.buf, out.size);
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        Deserializer<T> fromJson = json.deserializer();
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length > 0 && bytes[0] == '{') {
                return fromJson.deserialize(topic, bytes); // written before this format
            }
            if (bytes.length == 0 || bytes[0] != VERSION) {
                throw new SerializationException("Cannot read " + type.getSimpleName() + ": unknown state format "
                        + (bytes.length == 0 ? "(empty)" : "version " + bytes[0]));
            }
            ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
            try {
                T value = codec.read(new Reader(in));
                if (in.hasRemaining()) {
                    throw new SerializationException(
                            "Cannot read " + type.getSimpleName() + ": " + in.remaining() + " bytes left over");
                }
                return value;
            } catch (BufferUnderflowException | IllegalArgumentException | ArithmeticException e) {
                throw new SerializationException("Cannot read " + type.getSimpleName() + ": truncated or corrupt", e);
            }
        };
    }

    /** A growing byte array; strings as UTF-8 with an int length, -1 for null. */
    static final class Writer {
        private byte[] buf = new byte[128];
        private int size;

        private void ensure(int more) {
            if (size + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
            }
        }

        void longs(long... values) {
            ensure(8 * values.length);
            for (long v : values) {
                for (int shift = 56; shift >= 0; shift -= 8) {
                    buf[size++] = (byte) (v >>> shift);
                }
            }
        }

        void float64(double v) {
            longs(Double.doubleToLongBits(v));
        }

        /** The number of elements of a list that follows. */
        void count(int n) {
            bytes4(n);
        }

        private void bytes4(int n) {
            ensure(4);
            for (int shift = 24; shift >= 0; shift -= 8) {
                buf[size++] = (byte) (n >>> shift);
            }
        }

        void bool(boolean v) {
            ensure(1);
            buf[size++] = (byte) (v ? 1 : 0);
        }

        void strings(String... values) {
            for (String s : values) {
                bytes(s == null ? null : s.getBytes(StandardCharsets.UTF_8));
            }
        }

        void bytes(byte[] b) {
            int n = b == null ? -1 : b.length;
            bytes4(n);
            ensure(Math.max(n, 0));
            if (b != null) {
                System.arraycopy(b, 0, buf, size, n);
                size += n;
            }
        }
    }

    /** Reads what {@link Writer} wrote, in the same order. */
    static final class Reader {
        private final ByteBuffer in;

        Reader(ByteBuffer in) {
            this.in = in;
        }

        long int64() {
            return in.getLong();
        }

        double float64() {
            return in.getDouble();
        }

        boolean bool() {
            byte b = in.get();
            if (b != 0 && b != 1) {
                throw new IllegalArgumentException("not a boolean: " + b);
            }
            return b == 1;
        }

        /** A list's element count, checked against the bytes left: each element takes at least {@code minBytes}. */
        int count(int minBytes) {
            int n = in.getInt();
            if (n < 0 || (long) n * minBytes > in.remaining()) {
                throw new IllegalArgumentException("count " + n + " with " + in.remaining() + " bytes left");
            }
            return n;
        }

        String string() {
            byte[] b = bytes();
            return b == null ? null : new String(b, StandardCharsets.UTF_8);
        }

        byte[] bytes() {
            int n = in.getInt();
            if (n == -1) {
                return null;
            }
            if (n < 0 || n > in.remaining()) {
                throw new IllegalArgumentException("length " + n + " with " + in.remaining() + " bytes left");
            }
            byte[] b = new byte[n];
            in.get(b);
            return b;
        }
    }
}
