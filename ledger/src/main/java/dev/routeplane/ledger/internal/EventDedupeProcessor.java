package dev.routeplane.ledger.internal;

import dev.routeplane.contract.CostEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Passes each {@code eventId} once. Executors may re-send a cost event (a retried produce, a replayed
 * transaction); exactly-once processing protects against the ledger's own retries but not against those,
 * so the ledger remembers every id it has billed ({@link SeenEvents}) for the retention after it was first seen
 * (wall clock), and a punctuator forgets older ids. The store is tenant-partitioned like its input, so a re-sent
 * event (same key) always meets its first copy.
 */
public final class EventDedupeProcessor implements FixedKeyProcessor<String, CostEvent, CostEvent> {
    private final String storeName;
    private final Clock clock;
    private final Duration retention;
    private final Duration cleanupInterval;
    private FixedKeyProcessorContext<String, CostEvent> context;
    private SeenEvents seen;

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
                return Set.of(SeenEvents.storeBuilder(storeName));
            }
        };
    }

    @Override
    public void init(FixedKeyProcessorContext<String, CostEvent> context) {
        this.context = context;
        this.seen = new SeenEvents(context.getStateStore(storeName), retention);
        context.schedule(cleanupInterval, PunctuationType.WALL_CLOCK_TIME, now -> seen.purge(clock.millis()));
    }

    @Override
    public void process(FixedKeyRecord<String, CostEvent> record) {
        if (!seen.rememberIfNew(record.value().getEventId(), clock.millis())) {
            return;
        }
        context.forward(record);
    }
}
