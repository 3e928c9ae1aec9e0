package dev.routeplane.ledger.internal;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The ledger's stores whose keys are written again and again within a commit interval: usage totals and spend per
 * tenant, route statistics, a request's route (its cost event, result and feedback), an open call (its intent, then
 * its close). With Streams' record cache in front, a key written many times between two commits reaches RocksDB and
 * its changelog once, at the commit, instead of once per write. Reads, range scans and interactive queries see the
 * cached value; under exactly-once the cache is flushed before every commit and lost with an aborted transaction, like
 * the writes it holds. Not for stores whose keys are each written once (the event dedupe): the cache would only add
 * its own bookkeeping.
 */
final class CachedStores {
    private CachedStores() {}

    static <K, V> StoreBuilder<KeyValueStore<K, V>> keyValue(String name, Serde<K> keys, Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), keys, values)
                .withCachingEnabled();
    }
}
