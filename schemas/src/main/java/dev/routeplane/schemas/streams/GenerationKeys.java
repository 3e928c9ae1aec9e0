package dev.routeplane.schemas.streams;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Store keys that lead with a big-endian generation number, {@code time / retention}, so that a store's byte order is
 * generation order and what is older than the retention is forgotten a key range at a time, without reading the
 * entries still live. An entry kept at time {@code t} is under generation {@code t / retention}; at {@code now} every
 * entry kept within the retention before {@code now} is under {@code now}'s generation or the one before, so a lookup
 * is two point gets, and every older generation holds only expired entries. An entry therefore stays in the store
 * between one and two retentions; a reader that needs the exact cut compares the time it stored with the entry.
 *
 * <p>A whole-store scan per purge would instead hold the stream thread, and under exactly-once the open transaction
 * (10 s timeout), for as long as the store is large: 40 days of ids at 100 a second are 345 million entries. A purge
 * here reads only expired keys, at most {@link #MAX_PURGE}, so purging often keeps up with any write rate the store
 * can take; a purge with nothing to forget is one seek.
 */
public final class GenerationKeys {
    /** Most keys one purge deletes, so that one purge never holds the stream thread for long. */
    public static final int MAX_PURGE = 50_000;

    private final long retentionMillis;

    public GenerationKeys(Duration retention) {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive, was " + retention);
        }
        this.retentionMillis = retention.toMillis();
    }

    public long retentionMillis() {
        return retentionMillis;
    }

    /** The key of {@code id} kept at {@code millis}. */
    public Bytes keyAt(long millis, byte[] id) {
        return key(generationOf(millis), id);
    }

    /**
     * The keys an entry of {@code id} kept within the retention before {@code now} can be under: {@code now}'s
     * generation first, then the one before.
     */
    public List<Bytes> liveKeys(byte[] id, long now) {
        long generation = generationOf(now);
        return List.of(key(generation, id), key(generation - 1, id));
    }

    /**
     * The first of {@code id}'s {@link #liveKeys} that holds an entry in {@code store}, with its value, or null when
     * neither does. The entry may still be older than the retention: compare its time with {@link #live}.
     */
    public <V> KeyValue<Bytes, V> find(KeyValueStore<Bytes, V> store, byte[] id, long now) {
        for (Bytes key : liveKeys(id, now)) {
            V value = store.get(key);
            if (value != null) {
                return KeyValue.pair(key, value);
            }
        }
        return null;
    }

    /** Whether an entry kept at {@code at} is within the retention before {@code now}: the exact cut. */
    public boolean live(long at, long now) {
        return at > now - retentionMillis;
    }

    /**
     * Deletes the keys of the generations that can no longer hold an entry kept within the retention before
     * {@code now}, at most {@link #MAX_PURGE}; returns how many. Call it again while it returns {@link #MAX_PURGE}.
     */
    public int purge(KeyValueStore<Bytes, ?> store, long now) {
        long oldestLive = generationOf(now) - 1;
        if (oldestLive <= 0) {
            return 0;
        }
        Bytes from = Bytes.wrap(new byte[8]);
        Bytes to = Bytes.wrap(ByteBuffer.allocate(8).putLong(oldestLive).array()); // ids of oldestLive sort after it
        List<Bytes> expired = new ArrayList<>();
        // Collected first and deleted after the iterator is closed: store iterators need not tolerate writes.
        try (KeyValueIterator<Bytes, ?> it = store.range(from, to)) {
            while (it.hasNext() && expired.size() < MAX_PURGE) {
                Bytes key = it.next().key;
                if (key.get().length < 8 || ByteBuffer.wrap(key.get()).getLong() >= oldestLive) {
                    break;
                }
                expired.add(key);
            }
        }
        for (Bytes key : expired) {
            store.delete(key);
        }
        return expired.size();
    }

    private long generationOf(long millis) {
        return Math.max(0, millis) / retentionMillis;
    }

    private static Bytes key(long generation, byte[] id) {
        return Bytes.wrap(ByteBuffer.allocate(8 + id.length)
                .putLong(Math.max(0, generation))
                .put(id)
                .array());
    }
}
