package dev.routeplane.ledger.internal;

import dev.routeplane.contract.CostEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Passes each {@code eventId} once. Executors may re-send a cost event (a retried produce, a replayed
 * transaction); exactly-once processing protects against the ledger's own retries but not against those,
 * so the ledger remembers every id it has billed, keyed by id with the wall-clock time it was first seen,
 * and a punctuator forgets ids older than the retention. The store is tenant-partitioned like its input, so
 * a re-sent event (same key) always meets its first copy.
 */
public final class EventDedupeProcessor implements FixedKeyProcessor<String, CostEvent, CostEvent> {
    private final String storeName;
    private final Clock clock;
    private final Duration retention;
    private final Duration cleanupInterval;
    private FixedKeyProcessorContext<String, CostEvent> context;
    private KeyValueStore<String, Long> seen;

    private EventDedupeProcessor(String storeName, Clock clock, Duration retention, Duration cleanupInterval) {
        this.storeName = storeName;
        this.clock = clock;
        this.retention = retention;
        this.cleanupInterval = cleanupInterval;
    }

    /** A supplier that also declares the processor's store, so the topology wires it automatically. */
    public static FixedKeyProcessorSupplier<String, CostEvent, CostEvent> supplier(
            String storeName, Clock clock, Duration retention, Duration cleanupInterval) {
        return new FixedKeyProcessorSupplier<>() {
            @Override
            public FixedKeyProcessor<String, CostEvent, CostEvent> get() {
                return new EventDedupeProcessor(storeName, clock, retention, cleanupInterval);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(storeName), Serdes.String(), Serdes.Long()));
            }
        };
    }

    @Override
    public void init(FixedKeyProcessorContext<String, CostEvent> context) {
        this.context = context;
        this.seen = context.getStateStore(storeName);
        context.schedule(cleanupInterval, PunctuationType.WALL_CLOCK_TIME, now -> forgetExpired());
    }

    @Override
    public void process(FixedKeyRecord<String, CostEvent> record) {
        String eventId = record.value().getEventId();
        if (seen.get(eventId) != null) {
            return;
        }
        seen.put(eventId, clock.millis());
        context.forward(record);
    }

    private void forgetExpired() {
        long cutoff = clock.millis() - retention.toMillis();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = seen.all()) {
            while (all.hasNext()) {
                KeyValue<String, Long> entry = all.next();
                if (entry.value < cutoff) {
                    expired.add(entry.key);
                }
            }
        }
        expired.forEach(seen::delete);
    }
}
