package dev.routeplane.ledger.internal;

import dev.routeplane.schemas.streams.GenerationKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The cost event ids the ledger has billed, each with the wall-clock time it was first seen, remembered for the
 * retention after it. Keys lead with a generation ({@link GenerationKeys}): a lookup is two point gets, and a purge
 * forgets whole old generations without reading the ids still live, however many days of ids the store holds.
 */
final class SeenEvents {
    private final KeyValueStore<Bytes, Long> store;
    private final GenerationKeys keys;

    SeenEvents(KeyValueStore<Bytes, Long> store, Duration retention) {
        this.store = store;
        this.keys = new GenerationKeys(retention);
    }

    /** The store, keyed by generation and event id, valued by when the id was first seen. */
    static StoreBuilder<KeyValueStore<Bytes, Long>> storeBuilder(String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.Bytes(), Serdes.Long());
    }

    /** Whether {@code eventId} was seen within the retention before {@code now}. */
    boolean seen(String eventId, long now) {
        return seen(eventId.getBytes(StandardCharsets.UTF_8), now);
    }

    /** Remembers {@code eventId} as first seen at {@code now} unless it was seen within the retention; true if new. */
    boolean rememberIfNew(String eventId, long now) {
        byte[] id = eventId.getBytes(StandardCharsets.UTF_8);
        if (seen(id, now)) {
            return false;
        }
        store.put(keys.keyAt(now, id), now);
        return true;
    }

    private boolean seen(byte[] id, long now) {
        KeyValue<Bytes, Long> found = keys.find(store, id, now);
        return found != null && keys.live(found.value, now);
    }

    /** Forgets ids older than the retention, at most {@link GenerationKeys#MAX_PURGE}; returns how many. */
    int purge(long now) {
        return keys.purge(store, now);
    }
}
