package dev.routeplane.router.internal;

import dev.routeplane.schemas.streams.GenerationKeys;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Remembers routed request ids per tenant for {@code retention}, with one store write (one changelog record) per
 * routed request. Keys lead with a generation number ({@link GenerationKeys}), so a lookup is two point gets and a
 * purge deletes whole old generations without reading the live ids. A separate time index would cost a second write
 * on every request and a second delete later.
 *
 * <p>Entries live between one and two retentions in the store; {@link #routedAt} answers from the stored routing
 * time, so an id counts as routed for exactly {@code retention}, however late the purge runs.
 */
public final class DedupeIndex {
    private final KeyValueStore<Bytes, byte[]> seen;
    private final GenerationKeys keys;

    public DedupeIndex(KeyValueStore<Bytes, byte[]> seen, long retentionMillis) {
        if (retentionMillis <= 0) {
            throw new IllegalArgumentException("retention must be positive, was " + retentionMillis + " ms");
        }
        this.seen = seen;
        this.keys = new GenerationKeys(Duration.ofMillis(retentionMillis));
    }

    /** A request's id within its tenant, as stored after the generation prefix. */
    public static byte[] id(String tenantId, String requestId) {
        return (tenantId + '\u0000' + requestId).getBytes(StandardCharsets.UTF_8);
    }

    /** When the id was routed, or null if it was not routed within the retention before {@code now}. */
    public Long routedAt(byte[] id, long now) {
        KeyValue<Bytes, byte[]> found = keys.find(seen, id, now);
        if (found == null) {
            return null;
        }
        long routedAt = ByteBuffer.wrap(found.value).getLong();
        return keys.live(routedAt, now) ? routedAt : null;
    }

    /** Records that the id was routed at {@code at}. */
    public void remember(byte[] id, long at) {
        seen.put(keys.keyAt(at, id), ByteBuffer.allocate(8).putLong(at).array());
    }

    /**
     * Forgets the generations that can no longer hold an id routed within the retention before {@code now}, at most
     * {@link GenerationKeys#MAX_PURGE} ids; returns how many.
     */
    int purge(long now) {
        return keys.purge(seen, now);
    }
}
