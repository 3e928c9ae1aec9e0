package dev.routeplane.router.internal;

import dev.routeplane.contract.SuccessModelSnapshot;
import dev.routeplane.router.RouteSelector;
import dev.routeplane.schemas.RecordDecoder;
import dev.routeplane.schemas.UndecodableRecordException;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the latest success-model snapshot per route (raw bytes, like the other global stores) and hands each one to
 * the selector. On init it replays what the store already holds, because a restored global store is filled
 * without passing through this processor. Runs on the global thread: the selector's single model writer.
 */
public final class SuccessModelUpdater implements Processor<String, byte[], Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(SuccessModelUpdater.class);

    private final String storeName;
    private final String topic;
    private final RecordDecoder<SuccessModelSnapshot> decoder;
    private final RouteSelector selector;
    private KeyValueStore<String, byte[]> store;

    public SuccessModelUpdater(
            String storeName, String topic, RecordDecoder<SuccessModelSnapshot> decoder, RouteSelector selector) {
        this.storeName = storeName;
        this.topic = topic;
        this.decoder = decoder;
        this.selector = selector;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> e = all.next();
                deliver(e.key, e.value);
            }
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
            return;
        }
        store.put(record.key(), record.value());
        deliver(record.key(), record.value());
    }

    private void deliver(String route, byte[] bytes) {
        try {
            SuccessModelSnapshot snapshot = decoder.decode(topic, -1, -1, bytes);
            if (snapshot != null) {
                selector.onSuccessModel(snapshot);
            }
        } catch (UndecodableRecordException e) {
            LOG.warn(
                    "Ignoring undecodable success model for route {} on {}: {} ({})",
                    route,
                    topic,
                    e.kind(),
                    e.detail());
        }
    }
}
