package dev.routeplane.ledger.internal;

import com.datadoghq.sketch.ddsketch.DDSketch;
import dev.routeplane.contract.RouteStats;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Folds route-keyed deltas into each route's state and emits the changed routes' {@link RouteStats} from
 * a wall-clock punctuator, so the compacted topic (and every router reading it as a global table) sees at
 * most one update per route per interval however many calls are made. Routes number in the hundreds, so
 * scanning them all per interval is cheap.
 */
public final class RouteStatsProcessor implements Processor<String, StatsDelta, String, RouteStats> {
    private final String storeName;
    private final QualityPriors priors;
    private final Clock clock;
    private final Duration emitInterval;
    private ProcessorContext<String, RouteStats> context;
    private KeyValueStore<String, RouteState> routes;

    private RouteStatsProcessor(String storeName, QualityPriors priors, Clock clock, Duration emitInterval) {
        this.storeName = storeName;
        this.priors = priors;
        this.clock = clock;
        this.emitInterval = emitInterval;
    }

    public static ProcessorSupplier<String, StatsDelta, String, RouteStats> supplier(
            String storeName, QualityPriors priors, Clock clock, Duration emitInterval) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, StatsDelta, String, RouteStats> get() {
                return new RouteStatsProcessor(storeName, priors, clock, emitInterval);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(CachedStores.keyValue(storeName, Serdes.String(), StateSerde.ROUTE_STATE));
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, RouteStats> context) {
        this.context = context;
        this.routes = context.getStateStore(storeName);
        context.schedule(emitInterval, PunctuationType.WALL_CLOCK_TIME, now -> emitChanged());
    }

    @Override
    public void process(Record<String, StatsDelta> record) {
        StatsDelta delta = record.value();
        RouteState state = routes.get(record.key());
        if (state == null) {
            state = RouteState.empty(delta);
        }
        byte[] sketch = state.latencySketch();
        if (delta.latencyMs() != null) {
            DDSketch latencies = LatencySketches.decode(sketch);
            latencies.accept(Math.max(0L, delta.latencyMs()));
            sketch = LatencySketches.encode(latencies);
        }
        routes.put(record.key(), state.plus(delta, sketch));
    }

    private void emitChanged() {
        List<KeyValue<String, RouteState>> changed = new ArrayList<>();
        try (KeyValueIterator<String, RouteState> all = routes.all()) {
            while (all.hasNext()) {
                KeyValue<String, RouteState> entry = all.next();
                if (entry.value.dirty()) {
                    changed.add(entry);
                }
            }
        }
        Instant now = clock.instant();
        for (KeyValue<String, RouteState> entry : changed) {
            RouteState state = entry.value;
            routes.put(entry.key, state.emitted());
            context.forward(new Record<>(entry.key, toStats(state, now), now.toEpochMilli()));
        }
    }

    private RouteStats toStats(RouteState state, Instant now) {
        DDSketch latencies = LatencySketches.decode(state.latencySketch());
        return RouteStats.newBuilder()
                .setLane(state.lane())
                .setProvider(state.provider())
                .setModel(state.model())
                .setCalls(state.calls())
                .setSuccesses(state.successes())
                .setFailures(state.failures())
                .setFallbacks(state.fallbacks())
                .setQualityEstimate(priors.posteriorMean(
                        state.provider(), state.model(), state.feedbackCount(), state.feedbackSum()))
                .setQualityEvidence(state.feedbackCount())
                .setTotalCostMicros(state.costMicros())
                .setLatencyP50Ms(LatencySketches.quantileMs(latencies, 0.50))
                .setLatencyP95Ms(LatencySketches.quantileMs(latencies, 0.95))
                .setLatencySketch(state.latencySketch() == null ? null : ByteBuffer.wrap(state.latencySketch()))
                .setUpdatedAt(now)
                .build();
    }
}
