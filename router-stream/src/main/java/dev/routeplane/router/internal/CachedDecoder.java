package dev.routeplane.router.internal;

import dev.routeplane.schemas.RecordDecoder;
import dev.routeplane.schemas.UndecodableRecordException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Avro values from a global store that holds the topic's raw bytes, decoding each distinct value once.
 * Global stores keep raw bytes so a bad record on a control topic can never stop the global thread; the
 * per-task cache (compare bytes, reuse the decoded object) keeps the hot path free of repeated Avro decoding.
 * Not thread-safe: one instance per stream task.
 */
final class CachedDecoder<V> {
    private static final Logger LOG = LoggerFactory.getLogger(CachedDecoder.class);
    private static final Object UNDECODABLE = new Object();

    private final String topic;
    private final RecordDecoder<V> decoder;
    private final ReadOnlyKeyValueStore<String, byte[]> store;
    private final Map<String, Object[]> cache = new HashMap<>();

    CachedDecoder(String topic, RecordDecoder<V> decoder, ReadOnlyKeyValueStore<String, byte[]> store) {
        this.topic = topic;
        this.decoder = decoder;
        this.store = store;
    }

    /** The decoded value under {@code key}, or null when absent or undecodable. */
    @SuppressWarnings("unchecked")
    V get(String key) {
        byte[] bytes = store.get(key);
        if (bytes == null) {
            return null;
        }
        Object[] entry = cache.get(key);
        if (entry != null && (entry[0] == bytes || Arrays.equals((byte[]) entry[0], bytes))) {
            return entry[1] == UNDECODABLE ? null : (V) entry[1];
        }
        Object value;
        try {
            value = decoder.decode(topic, -1, -1, bytes);
        } catch (UndecodableRecordException e) {
            if (e.kind().retriable()) {
                return null; // not cached: the registry may answer next time
            }
            LOG.warn("Ignoring undecodable value for key {} on {}: {} ({})", key, topic, e.kind(), e.detail());
            value = UNDECODABLE;
        }
        if (cache.size() > 100_000) {
            cache.clear(); // control topics are small; this only bounds memory against a flood of keys
        }
        cache.put(key, new Object[] {bytes, value == null ? UNDECODABLE : value});
        return value == UNDECODABLE ? null : (V) value;
    }
}
