package dev.routeplane.executors.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The requests known to have their terminal result, kept compactly: each key as a 128-bit fingerprint (the first 16
 * bytes of its SHA-256) in an open-addressed table of longs, one table per generation (a span of time by when the
 * request became done), so forgetting what is older than the lookback drops whole tables.
 *
 * <p>Why not a map of keys: an executor remembers every request of the last 30 minutes; at 2,000 requests a second
 * that is 3.6 million entries, about 250 bytes each as a string key, a node and a record; here 32-64 bytes of table each.
 * Two different keys sharing a fingerprint would make one look done when it is not; for 128 bits of SHA-256 and
 * millions of keys that chance is below 10^-24, and crafting such a pair needs a second preimage of SHA-256.
 *
 * <p>Thread-safe (every method holds the instance's lock; the digest is computed outside it).
 */
final class DoneSet {
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    });

    private final long generationMillis;
    /** Generation index (time / generationMillis) to its table. */
    private final TreeMap<Long, Table> generations = new TreeMap<>();

    /** @param generationMillis the span of one generation; eviction is exact to within one span */
    DoneSet(long generationMillis) {
        if (generationMillis < 1) {
            throw new IllegalArgumentException("generationMillis must be at least 1, got " + generationMillis);
        }
        this.generationMillis = generationMillis;
    }

    /** Notes that {@code key} became done at {@code atMillis}. */
    void add(String key, long atMillis) {
        long[] fp = fingerprint(key);
        synchronized (this) {
            if (!contains(fp[0], fp[1])) {
                generations
                        .computeIfAbsent(Math.floorDiv(atMillis, generationMillis), g -> new Table())
                        .add(fp[0], fp[1]);
            }
        }
    }

    boolean contains(String key) {
        long[] fp = fingerprint(key);
        synchronized (this) {
            return contains(fp[0], fp[1]);
        }
    }

    /** Forgets every generation that ended before {@code cutoffMillis}. */
    synchronized void forgetBefore(long cutoffMillis) {
        generations.headMap(Math.floorDiv(cutoffMillis, generationMillis)).clear();
    }

    /** How many keys are kept. */
    synchronized int size() {
        int n = 0;
        for (Table t : generations.values()) {
            n += t.size;
        }
        return n;
    }

    private boolean contains(long hi, long lo) {
        // Newest first: a redelivery or a late record usually concerns a recent request.
        for (Map.Entry<Long, Table> g : generations.descendingMap().entrySet()) {
            if (g.getValue().contains(hi, lo)) {
                return true;
            }
        }
        return false;
    }

    static long[] fingerprint(String key) {
        byte[] d = SHA256.get().digest(key.getBytes(StandardCharsets.UTF_8));
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (d[i] & 0xff);
            lo = (lo << 8) | (d[i + 8] & 0xff);
        }
        // (0, 0) marks an empty slot.
        return new long[] {hi, hi == 0 && lo == 0 ? 1 : lo};
    }

    /** Open addressing with linear probing over pairs of longs; grows at half full. */
    private static final class Table {
        private long[] slots = new long[2 * 256];
        private int size;

        boolean contains(long hi, long lo) {
            int mask = slots.length / 2 - 1;
            for (int i = (int) (hi ^ (hi >>> 32)) & mask; ; i = (i + 1) & mask) {
                long h = slots[2 * i];
                long l = slots[2 * i + 1];
                if (h == hi && l == lo) {
                    return true;
                }
                if (h == 0 && l == 0) {
                    return false;
                }
            }
        }

        void add(long hi, long lo) {
            if (2 * (size + 1) > slots.length / 2) {
                long[] old = slots;
                slots = new long[old.length * 2];
                size = 0;
                for (int i = 0; i < old.length; i += 2) {
                    if (old[i] != 0 || old[i + 1] != 0) {
                        put(old[i], old[i + 1]);
                    }
                }
            }
            put(hi, lo);
        }

        private void put(long hi, long lo) {
            int mask = slots.length / 2 - 1;
            int i = (int) (hi ^ (hi >>> 32)) & mask;
            while (slots[2 * i] != 0 || slots[2 * i + 1] != 0) {
                i = (i + 1) & mask;
            }
            slots[2 * i] = hi;
            slots[2 * i + 1] = lo;
            size++;
        }
    }
}
