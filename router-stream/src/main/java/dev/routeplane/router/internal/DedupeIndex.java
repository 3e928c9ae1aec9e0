package dev.routeplane.router.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Remembers routed request ids per tenant for {@code retention}, with one store write (one changelog record) per
 * routed request. Keys lead with a big-endian generation number, {@code routedAt / retention}, so byte order is
 * generation order: a lookup is two point gets (this generation and the one before, which together cover any
 * id routed within the retention), and a punctuation purges whole old generations with one range scan, one
 * delete per id. A separate time index would cost a second write on every request and a second delete later.
 *
 * <p>Entries live between one and two retentions in the store; {@link #routedAt} answers from the stored
 * routing time, so an id counts as routed for exactly {@code retention}, however late the purge runs.
 */
public final class DedupeIndex {
    /** Most ids purged per punctuation, so a purge never stalls routing for long. */
    static final int MAX_PURGE = 50_000;

    private final KeyValueStore<Bytes, byte[]> seen;
    private final long retentionMillis;

    public DedupeIndex(KeyValueStore<Bytes, byte[]> seen, long retentionMillis) {
        if (retentionMillis <= 0) {
            throw new IllegalArgumentException("retention must be positive, was " + retentionMillis + " ms");
        }
        this.seen = seen;
        this.retentionMillis = retentionMillis;
    }

    /** A request's id within its tenant, as stored after the generation prefix. */
    public static byte[] id(String tenantId, String requestId) {
        return (tenantId + '\u0000' + requestId).getBytes(StandardCharsets.UTF_8);
    }

    /** When the id was routed, or null if it was not routed within the retention before {@code now}. */
    public Long routedAt(byte[] id, long now) {
        long generation = generationOf(now);
        byte[] at = seen.get(key(generation, id));
        if (at == null) {
            at = seen.get(key(generation - 1, id));
        }
        if (at == null) {
            return null;
        }
        long routedAt = ByteBuffer.wrap(at).getLong();
        return routedAt > now - retentionMillis ? routedAt : null;
    }

    /** Records that the id was routed at {@code at}. */
    public void remember(byte[] id, long at) {
        seen.put(key(generationOf(at), id), ByteBuffer.allocate(8).putLong(at).array());
    }

    /** Forgets the generations that can no longer hold an id routed within the retention before {@code now}. */
    int purge(long now) {
        long oldestLive = generationOf(now) - 1;
        if (oldestLive <= 0) {
            return 0;
        }
        Bytes from = Bytes.wrap(new byte[8]);
        Bytes to = Bytes.wrap(ByteBuffer.allocate(8).putLong(oldestLive).array()); // exclusive: ids sort after it
        List<Bytes> expired = new ArrayList<>();
        // Collected first and deleted after the iterator is closed: store iterators need not tolerate writes.
        try (KeyValueIterator<Bytes, byte[]> it = seen.range(from, to)) {
            while (it.hasNext() && expired.size() < MAX_PURGE) {
                Bytes key = it.next().key;
                if (key.get().length < 8 || ByteBuffer.wrap(key.get()).getLong() >= oldestLive) {
                    break;
                }
                expired.add(key);
            }
        }
        for (Bytes key : expired) {
            seen.delete(key);
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
