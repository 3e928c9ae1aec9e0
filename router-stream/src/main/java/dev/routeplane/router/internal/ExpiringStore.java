package dev.routeplane.router.internal;

import dev.routeplane.schemas.streams.GenerationKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A store of the learner's joins whose entries expire a retention after the time their value leads with (a big-endian
 * epoch-ms long, {@link JoinState#leadingLong}), kept under {@link GenerationKeys}: a lookup is at most two point gets
 * cut exactly at the retention, and a {@link #purge} deletes expired generations by key range, never reading the live
 * entries. An entry re-put with a later time moves to that time's generation; its copy under the previous generation
 * is never found again (the current generation is read first) and goes with that generation's purge.
 *
 * <p>These stores held every request routed (the learner) or routed through an alias (the guard) for 7 days, and were
 * purged by a scan of the whole store every 10 minutes on the stream thread: at 100 requests a second, 60 million
 * entries read with a transaction open.
 */
final class ExpiringStore {
    /** An entry found: the key it is under, and its value. */
    record Entry(Bytes key, byte[] value) {}

    private final KeyValueStore<Bytes, byte[]> store;
    private final GenerationKeys keys;

    ExpiringStore(KeyValueStore<Bytes, byte[]> store, Duration retention) {
        this.store = store;
        this.keys = new GenerationKeys(retention);
    }

    /** Keeps {@code value} for {@code id}, under the generation of the time it leads with. */
    void put(String id, byte[] value) {
        store.put(keys.keyAt(JoinState.leadingLong(value), utf8(id)), value);
    }

    /** {@code id}'s entry if one was kept within the retention before {@code now}, else null. */
    Entry find(String id, long now) {
        KeyValue<Bytes, byte[]> found = keys.find(store, utf8(id), now);
        return found != null && keys.live(JoinState.leadingLong(found.value), now)
                ? new Entry(found.key, found.value)
                : null;
    }

    /** {@code id}'s value if kept within the retention before {@code now}, else null. */
    byte[] get(String id, long now) {
        Entry e = find(id, now);
        return e == null ? null : e.value();
    }

    void delete(Entry entry) {
        store.delete(entry.key());
    }

    /** Forgets the generations older than the retention allows, at most {@link GenerationKeys#MAX_PURGE} keys. */
    int purge(long now) {
        return keys.purge(store, now);
    }

    private static byte[] utf8(String id) {
        return id.getBytes(StandardCharsets.UTF_8);
    }
}
